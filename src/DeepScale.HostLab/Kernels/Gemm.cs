namespace DeepScale.HostLab.Kernels;

/// <summary>
/// Dense single-precision matrix multiplication <c>C = op(A)·op(B)</c> on the host CPU, row-major, blocked for
/// the cache hierarchy and vectorised with FMA (AVX-512 or AVX2 where available), on one thread or split over a
/// given number of threads. This is the GEMM the real trainer runs and the one the micro-benchmarks time.
/// </summary>
/// <remarks>
/// Threads split C into column ranges (or row ranges when C is taller than wide), each packing its own operand
/// blocks: the k-order of every sum is the same for any thread count, so results are bit-identical whatever the
/// split. C is overwritten, never accumulated into.
/// </remarks>
public static class Gemm
{
    /// <summary>Computes <c>C[M×N] = op(A)·op(B)</c> for <paramref name="shape"/> on <paramref name="threads"/> threads.</summary>
    /// <exception cref="ArgumentException">A span is shorter than the shape needs, or a dimension is negative.</exception>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, GemmShape shape, int threads = 1) =>
        Multiply(a, b, c, shape, threads, GemmKernel.Best);

    /// <summary>The micro-kernel <see cref="Multiply(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, GemmShape, int)"/>
    /// uses on this processor: "avx512", "avx2" or "portable".</summary>
    public static string KernelName => GemmJob.Resolve(GemmKernel.Best).ToString().ToLowerInvariant();

    internal static unsafe void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, GemmShape shape, int threads, GemmKernel kernel)
    {
        shape.Validate();
        RequireLength(a.Length, shape.ElementsA, "gemm.a", shape);
        RequireLength(b.Length, shape.ElementsB, "gemm.b", shape);
        RequireLength(c.Length, shape.ElementsC, "gemm.c", shape);
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"gemm.threads: {threads} must be at least 1");
        }

        if (shape.M == 0 || shape.N == 0)
        {
            return;
        }

        if (shape.K == 0)
        {
            c[..(int)shape.ElementsC].Clear();
            return;
        }

        GemmKernel resolved = GemmJob.Resolve(kernel);
        fixed (float* pa = a, pb = b, pc = c)
        {
            var job = new GemmJob(pa, pb, pc, shape, resolved);
            int tilesM = (shape.M + job.TileRows - 1) / job.TileRows;
            int tilesN = (shape.N + job.TileColumns - 1) / job.TileColumns;
            bool splitColumns = tilesN >= tilesM;
            int tiles = splitColumns ? tilesN : tilesM;
            int parts = Math.Min(threads, tiles);
            if (parts == 1)
            {
                job.Run(0, shape.M, 0, shape.N);
                return;
            }

            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
            {
                int t0 = (int)((long)tiles * part / parts);
                int t1 = (int)((long)tiles * (part + 1) / parts);
                if (splitColumns)
                {
                    job.Run(0, shape.M, t0 * job.TileColumns, Math.Min(shape.N, t1 * job.TileColumns));
                }
                else
                {
                    job.Run(t0 * job.TileRows, Math.Min(shape.M, t1 * job.TileRows), 0, shape.N);
                }
            });
        }
    }

    private static void RequireLength(int length, long needed, string field, GemmShape shape)
    {
        if (length < needed)
        {
            throw new ArgumentException($"{field}: holds {length} elements, shape {shape} needs {needed}", field);
        }
    }
}
