using DeepScale.Workloads.Accounting;

namespace DeepScale.Workloads.Cost;

/// <summary>
/// Shape efficiency of a GEMM on a device of P streaming multiprocessors, relative to an infinitely large GEMM
/// (NVIDIA, "Matrix Multiplication Background User's Guide", DU-09799-001, Sec. 2.3 and Ch. 3). The output is
/// cut into tiles, one thread block each: partial tiles waste work (tile quantization) and the last wave of tiles
/// leaves SMs idle (wave quantization). Smaller tiles quantize less but reuse less data: a TM×TN tile performs
/// 2·TM·TN FLOPs per (TM + TN) elements it loads, so the L2 bandwidth caps its throughput at
/// L2·2·TM·TN/((TM+TN)·bytes). A GEMM with few output tiles and a deep reduction (a convolution's weight gradient:
/// K = batch × output pixels) is split along K (split-K: cuBLASLt's CUBLASLT_ALGO_CONFIG_SPLITK_NUM, CUTLASS's
/// parallel split-K): S slices of the reduction run as S times as many thread blocks, each writes an fp32 partial
/// tile, and a second kernel sums the S partials from device memory. The library is assumed to pick the fastest
/// tile and split, as cuBLAS heuristics aim to.
/// </summary>
internal static class GemmTileModel
{
    /// <summary>Tile shapes of cuBLAS tensor-core kernels (the user's guide above, Sec. 2.3).</summary>
    private static readonly (int M, int N)[] s_tiles =
        [(256, 128), (128, 256), (128, 128), (256, 64), (64, 256), (128, 64), (64, 128), (64, 64)];

    /// <summary>Bytes of one fp32 partial-sum element of a split-K GEMM.</summary>
    private const double PartialBytes = 4;

    /// <summary>Efficiency of <paramref name="shape"/> relative to the asymptotic best, in (0, 1].</summary>
    /// <param name="ceiling">Fraction of <paramref name="peakFlopsPerSecond"/> a large GEMM reaches (the measured ceiling):
    /// with the memory bandwidth it weighs a split's reduction pass against its compute.</param>
    /// <param name="memoryBytesPerSecond">Device-memory bandwidth the split-K reduction streams at.</param>
    /// <param name="cluster">Thread blocks of a cluster that share one operand's tile (1: no clusters).</param>
    public static double RelativeEfficiency(GemmShape shape, int multiprocessors, double? l2BytesPerSecond, double peakFlopsPerSecond,
        int bytesPerElement, double ceiling, double memoryBytesPerSecond, int cluster = 1)
    {
        double best = 0, asymptotic = 0;
        double outputs = (double)shape.M * shape.N * shape.Batch;
        // The time of the whole GEMM at the ceiling on every SM: times below are in these units.
        double ideal = 2 * outputs * shape.K / (peakFlopsPerSecond * ceiling);
        foreach ((int tm, int tn) in s_tiles)
        {
            // A cluster of c blocks along M shares their B tile (c along N: their A tile); the grid is padded to whole clusters.
            for (int variant = 0; variant < (cluster > 1 ? 3 : 1); variant++)
            {
                (int cm, int cn) = variant switch { 1 => (cluster, 1), 2 => (1, cluster), _ => (1, 1) };
                double bandwidthFactor = BandwidthFactor(tm, tn, (double)tm / cn, (double)tn / cm, l2BytesPerSecond, peakFlopsPerSecond, bytesPerElement);
                asymptotic = Math.Max(asymptotic, bandwidthFactor);
                double tilesM = Math.Ceiling(Math.Ceiling((double)shape.M / tm) / cm) * cm;
                double tilesN = Math.Ceiling(Math.Ceiling((double)shape.N / tn) / cn) * cn;
                best = Math.Max(best, Best(shape, multiprocessors, tm, tn, tilesM * tilesN * shape.Batch, bandwidthFactor, ideal, outputs, bytesPerElement, memoryBytesPerSecond));
            }
        }

        return Math.Min(1, best / asymptotic);
    }

    /// <summary>The best split-K of one tiling: relative throughput (1 / time in units of the ideal time).</summary>
    private static double Best(GemmShape shape, int multiprocessors, int tm, int tn, double tiles, double bandwidthFactor, double ideal,
        double outputs, int bytesPerElement, double memoryBytesPerSecond)
    {
        double best = 0;
        // Splitting beyond one full wave of thread blocks only adds waves and partial sums.
        long maxSplit = Math.Min(shape.K, (long)Math.Ceiling(multiprocessors / tiles));
        for (long split = 1; split <= Math.Max(1, maxSplit); split *= 2)
        {
            double waves = Math.Ceiling(tiles * split / multiprocessors);
            double slice = Math.Ceiling((double)shape.K / split);
            double utilization = outputs * shape.K / (waves * multiprocessors * tm * tn * slice);
            double time = 1 / (utilization * bandwidthFactor);
            if (split > 1)
            {
                double reduction = ((split * outputs * PartialBytes) + (outputs * bytesPerElement)) / memoryBytesPerSecond;
                time += reduction / ideal;
            }

            best = Math.Max(best, 1 / time);
        }

        return best;
    }

    /// <summary>
    /// The L2 cap of a TM×TN tile that loads <paramref name="aRows"/> rows of A and <paramref name="bColumns"/>
    /// columns of B per step of K (fewer than TM or TN when a cluster multicasts that operand).
    /// </summary>
    private static double BandwidthFactor(int tm, int tn, double aRows, double bColumns, double? l2BytesPerSecond, double peak, int bytesPerElement)
    {
        if (l2BytesPerSecond is not { } l2)
        {
            return 1;
        }

        double flopsPerByte = 2.0 * tm * tn / ((aRows + bColumns) * bytesPerElement);
        return Math.Min(1, l2 * flopsPerByte / peak);
    }
}
