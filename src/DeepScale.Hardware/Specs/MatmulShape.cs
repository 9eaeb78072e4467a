using System.Globalization;

namespace DeepScale.Hardware.Specs;

/// <summary>The M×N×K of one dense matrix multiply (C[M×N] = A[M×K]·B[K×N]), as a measurement names it.</summary>
public readonly record struct MatmulShape(long M, long N, long K)
{
    /// <summary>Parses "MxNxK" (e.g. <c>1024x10240x5120</c>); null when the text is not three positive integers.</summary>
    public static MatmulShape? TryParse(string? text)
    {
        string[] parts = (text ?? "").Trim().Split('x');
        if (parts.Length != 3)
        {
            return null;
        }

        long[] v = new long[3];
        for (int i = 0; i < 3; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out v[i]) || v[i] < 1)
            {
                return null;
            }
        }

        return new MatmulShape(v[0], v[1], v[2]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{M}x{N}x{K}");
}
