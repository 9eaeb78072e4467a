using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepScale.HostLab.Kernels;

/// <summary>
/// Sum reductions over float32 data: a whole span (four independent vector accumulators, so the add latency
/// does not bound the loop) and the column sums of a row-major matrix (the bias gradient of a dense layer).
/// </summary>
/// <remarks>The order of additions depends only on the length, so a given input always gives the same bits.</remarks>
public static class Reduction
{
    /// <summary>Σ values[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Sum(ReadOnlySpan<float> values)
    {
        int n = values.Length;
        ref float p = ref MemoryMarshal.GetReference(values);
        nuint i = 0;
        float total = 0f;
        if (Vector512.IsHardwareAccelerated && n >= 4 * Vector512<float>.Count)
        {
            const int W = 16;
            Vector512<float> s0 = Vector512<float>.Zero, s1 = Vector512<float>.Zero;
            Vector512<float> s2 = Vector512<float>.Zero, s3 = Vector512<float>.Zero;
            for (; (int)i <= n - (4 * W); i += 4 * W)
            {
                s0 += Vector512.LoadUnsafe(ref p, i);
                s1 += Vector512.LoadUnsafe(ref p, i + W);
                s2 += Vector512.LoadUnsafe(ref p, i + (2 * W));
                s3 += Vector512.LoadUnsafe(ref p, i + (3 * W));
            }

            total = Vector512.Sum((s0 + s1) + (s2 + s3));
        }
        else if (Vector256.IsHardwareAccelerated && n >= 4 * Vector256<float>.Count)
        {
            const int W = 8;
            Vector256<float> s0 = Vector256<float>.Zero, s1 = Vector256<float>.Zero;
            Vector256<float> s2 = Vector256<float>.Zero, s3 = Vector256<float>.Zero;
            for (; (int)i <= n - (4 * W); i += 4 * W)
            {
                s0 += Vector256.LoadUnsafe(ref p, i);
                s1 += Vector256.LoadUnsafe(ref p, i + W);
                s2 += Vector256.LoadUnsafe(ref p, i + (2 * W));
                s3 += Vector256.LoadUnsafe(ref p, i + (3 * W));
            }

            total = Vector256.Sum((s0 + s1) + (s2 + s3));
        }

        for (; (int)i < n; i++)
        {
            total += Unsafe.Add(ref p, i);
        }

        return total;
    }

    /// <summary>dst[j] = Σ_i matrix[i·cols + j] over <paramref name="rows"/> rows.</summary>
    public static void ColumnSums(ReadOnlySpan<float> matrix, int rows, int cols, Span<float> dst)
    {
        if (rows < 0 || cols < 0 || (long)rows * cols > matrix.Length || dst.Length < cols)
        {
            throw new ArgumentException(
                $"reduction.column_sums: {rows}x{cols} does not fit a matrix of {matrix.Length} and an output of {dst.Length}",
                nameof(matrix));
        }

        Span<float> sums = dst[..cols];
        sums.Clear();
        for (int i = 0; i < rows; i++)
        {
            Elementwise.Add(sums, matrix.Slice(i * cols, cols), sums);
        }
    }
}
