using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepScale.HostLab.Kernels;

/// <summary>
/// Softmax of each row of a row-major matrix, stable form: <c>y = e^{x − max(x)} / Σ e^{x − max(x)}</c>
/// (Goodfellow, Bengio and Courville 2016, "Deep Learning", section 4.1), so large logits never overflow.
/// </summary>
public static class Softmax
{
    /// <summary>dst row i = softmax(src row i), for <paramref name="rows"/> rows of <paramref name="cols"/>.</summary>
    public static void Rows(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols)
    {
        RowChecks.Require(src.Length, dst.Length, rows, cols, "softmax");
        for (int r = 0; r < rows; r++)
        {
            Row(src.Slice(r * cols, cols), dst.Slice(r * cols, cols));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row(ReadOnlySpan<float> x, Span<float> y)
    {
        int n = x.Length;
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        float max = float.NegativeInfinity;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            Vector512<float> m = Vector512.Create(float.NegativeInfinity);
            for (; (int)i <= n - Vector512<float>.Count; i += (nuint)Vector512<float>.Count)
            {
                m = Vector512.Max(m, Vector512.LoadUnsafe(ref px, i));
            }

            max = MaxAcross(m);
        }

        for (; (int)i < n; i++)
        {
            max = MathF.Max(max, Unsafe.Add(ref px, i));
        }

        float sum = 0f;
        i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            Vector512<float> vmax = Vector512.Create(max);
            Vector512<float> s = Vector512<float>.Zero;
            for (; (int)i <= n - Vector512<float>.Count; i += (nuint)Vector512<float>.Count)
            {
                Vector512<float> e = Vector512.Exp(Vector512.LoadUnsafe(ref px, i) - vmax);
                e.StoreUnsafe(ref py, i);
                s += e;
            }

            sum = Vector512.Sum(s);
        }

        for (; (int)i < n; i++)
        {
            float e = MathF.Exp(Unsafe.Add(ref px, i) - max);
            Unsafe.Add(ref py, i) = e;
            sum += e;
        }

        Elementwise.Scale(y, 1f / sum, y);
    }

    private static float MaxAcross(Vector512<float> v)
    {
        Vector256<float> h = Vector256.Max(v.GetLower(), v.GetUpper());
        Vector128<float> q = Vector128.Max(h.GetLower(), h.GetUpper());
        float m = q[0];
        for (int k = 1; k < Vector128<float>.Count; k++)
        {
            m = MathF.Max(m, q[k]);
        }

        return m;
    }
}
