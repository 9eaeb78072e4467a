using DeepScale.Workloads.Accounting;

namespace DeepScale.Workloads.Cost;

/// <summary>
/// Shape efficiency of a GEMM on a device of P streaming multiprocessors, relative to an infinitely large GEMM
/// (NVIDIA, "Matrix Multiplication Background User's Guide", DU-09799-001, Sec. 2.3 and Ch. 3). The output is
/// cut into tiles, one thread block each: partial tiles waste work (tile quantization) and the last wave of tiles
/// leaves SMs idle (wave quantization). Smaller tiles quantize less but reuse less data: a TM×TN tile performs
/// 2·TM·TN FLOPs per (TM + TN) elements it loads, so the L2 bandwidth caps its throughput at
/// L2·2·TM·TN/((TM+TN)·bytes). The library is assumed to pick the fastest tile, as cuBLAS heuristics aim to.
/// </summary>
internal static class GemmTileModel
{
    /// <summary>Tile shapes of cuBLAS tensor-core kernels (the user's guide above, Sec. 2.3).</summary>
    private static readonly (int M, int N)[] s_tiles =
        [(256, 128), (128, 256), (128, 128), (256, 64), (64, 256), (128, 64), (64, 128), (64, 64)];

    /// <summary>Efficiency of <paramref name="shape"/> relative to the asymptotic best, in (0, 1].</summary>
    public static double RelativeEfficiency(GemmShape shape, int multiprocessors, double? l2BytesPerSecond, double peakFlopsPerSecond, int bytesPerElement)
    {
        double best = 0, asymptotic = 0;
        foreach ((int tm, int tn) in s_tiles)
        {
            double bandwidthFactor = BandwidthFactor(tm, tn, l2BytesPerSecond, peakFlopsPerSecond, bytesPerElement);
            asymptotic = Math.Max(asymptotic, bandwidthFactor);
            double tiles = Math.Ceiling((double)shape.M / tm) * Math.Ceiling((double)shape.N / tn) * shape.Batch;
            double waves = Math.Ceiling(tiles / multiprocessors);
            double useful = (double)shape.M * shape.N * shape.Batch;
            double utilization = useful / (waves * multiprocessors * tm * tn);
            best = Math.Max(best, utilization * bandwidthFactor);
        }

        return best / asymptotic;
    }

    private static double BandwidthFactor(int tm, int tn, double? l2BytesPerSecond, double peak, int bytesPerElement)
    {
        if (l2BytesPerSecond is not { } l2)
        {
            return 1;
        }

        double flopsPerByte = 2.0 * tm * tn / ((tm + tn) * (double)bytesPerElement);
        return Math.Min(1, l2 * flopsPerByte / peak);
    }
}
