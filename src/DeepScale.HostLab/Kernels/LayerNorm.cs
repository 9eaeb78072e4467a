using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepScale.HostLab.Kernels;

/// <summary>
/// Layer normalisation of each row (Ba, Kiros and Hinton 2016, "Layer Normalization", equation 4):
/// <c>y = γ ⊙ (x − μ) / √(σ² + ε) + β</c> with μ and σ² the mean and (biased) variance of the row.
/// </summary>
public static class LayerNorm
{
    /// <summary>The ε of common transformer implementations (e.g. BERT, Devlin et al. 2019: 1e-12; GPT-2: 1e-5).</summary>
    public const float DefaultEpsilon = 1e-5f;

    /// <summary>Normalises each of <paramref name="rows"/> rows; γ and β hold <paramref name="cols"/> values.</summary>
    public static void Rows(
        ReadOnlySpan<float> src, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> dst,
        int rows, int cols, float epsilon = DefaultEpsilon)
    {
        RowChecks.Require(src.Length, dst.Length, rows, cols, "layer_norm");
        if (gamma.Length < cols || beta.Length < cols)
        {
            throw new ArgumentException(
                $"layer_norm: gamma ({gamma.Length}) and beta ({beta.Length}) need {cols} values each", nameof(gamma));
        }

        for (int r = 0; r < rows; r++)
        {
            Row(src.Slice(r * cols, cols), gamma[..cols], beta[..cols], dst.Slice(r * cols, cols), epsilon);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, float epsilon)
    {
        int n = x.Length;
        float mean = Reduction.Sum(x) / n;
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float pg = ref MemoryMarshal.GetReference(gamma);
        ref float pb = ref MemoryMarshal.GetReference(beta);
        ref float py = ref MemoryMarshal.GetReference(y);

        float squares = 0f;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            Vector512<float> vmean = Vector512.Create(mean);
            Vector512<float> s = Vector512<float>.Zero;
            for (; (int)i <= n - Vector512<float>.Count; i += (nuint)Vector512<float>.Count)
            {
                Vector512<float> d = Vector512.LoadUnsafe(ref px, i) - vmean;
                s = Vector512.FusedMultiplyAdd(d, d, s);
            }

            squares = Vector512.Sum(s);
        }

        for (; (int)i < n; i++)
        {
            float d = Unsafe.Add(ref px, i) - mean;
            squares = MathF.FusedMultiplyAdd(d, d, squares);
        }

        float inv = 1f / MathF.Sqrt((squares / n) + epsilon);
        i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> vmean = Vector512.Create(mean);
            Vector512<float> vinv = Vector512.Create(inv);
            for (; (int)i <= n - Vector512<float>.Count; i += (nuint)Vector512<float>.Count)
            {
                Vector512<float> normal = (Vector512.LoadUnsafe(ref px, i) - vmean) * vinv;
                Vector512.FusedMultiplyAdd(normal, Vector512.LoadUnsafe(ref pg, i), Vector512.LoadUnsafe(ref pb, i)).StoreUnsafe(ref py, i);
            }
        }

        for (; (int)i < n; i++)
        {
            float normal = (Unsafe.Add(ref px, i) - mean) * inv;
            Unsafe.Add(ref py, i) = MathF.FusedMultiplyAdd(normal, Unsafe.Add(ref pg, i), Unsafe.Add(ref pb, i));
        }
    }
}
