using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// NCCL's own cost model constants (NVIDIA/nccl <c>src/graph/tuning.cc</c>, the version with NVLS and PAT:
/// <c>baseLat</c>, <c>hwLat</c>, <c>llMaxBws</c>, <c>perChMaxRingLL128Bws</c>, <c>perChMaxTreeBws</c>,
/// <c>perChMaxTreeLL128Bws</c>) and its protocol bandwidth refinements, so DeepScale chooses algorithm and protocol
/// as NCCL does. Latencies are microseconds; per-channel bandwidths GB/s.
/// </summary>
/// <remarks>
/// Added to NCCL's device-side model: a host launch cost per collective of 20 us, NVIDIA's measurement of a
/// kernel launch round trip on a V100 (Nsight Systems user guide, as cited by groundy.com "Every CUDA kernel pays a
/// launch tax"). NCCL's tuner leaves it out because it is the same for every algorithm; a time prediction needs it.
/// </remarks>
public static class NcclTuning
{
    /// <summary>Host-side launch cost of one collective (see remarks).</summary>
    public static readonly Duration LaunchOverhead = Duration.FromMicroseconds(20);

    /// <summary>NCCL buffer per connection and protocol (NCCL_BUFFSIZE default 4 MiB) divided into NCCL_STEPS = 8 steps.</summary>
    public static readonly Bytes SimpleStep = Bytes.FromKiB(512);

    // baseLat[algorithm][protocol]: Tree { LL, LL128, Simple }, Ring { LL, LL128, Simple }.
    private static readonly double[,] s_baseTree = { { 6.8, 14.0, 0 } };
    private static readonly double[,] s_baseRing = { { 6.6, 14.0, 8.4 } };

    // hwLat[hw][algorithm][protocol] for NVLINK, PCI, NET.
    private static readonly double[,] s_hwTree = { { .6, 1.25, 28 }, { 1.0, 1.9, 28 }, { 5.0, 8.5, 28 } };
    private static readonly double[,] s_hwRing = { { .6, 1.9, 3.4 }, { 1.0, 2.5, 5.7 }, { 2.7, 4.0, 14.0 } };

    /// <summary>Fixed latency of an algorithm and protocol (<c>baseLat</c>).</summary>
    public static Duration BaseLatency(bool tree, NcclProtocol p) =>
        Duration.FromMicroseconds(tree ? s_baseTree[0, (int)p] : s_baseRing[0, (int)p]);

    /// <summary>Latency of one hop of a class (<c>hwLat</c>); HD and hierarchical steps use the ring column.</summary>
    public static Duration HopLatency(HopClass hop, bool tree, NcclProtocol p) =>
        Duration.FromMicroseconds(tree ? s_hwTree[(int)hop, (int)p] : s_hwRing[(int)hop, (int)p]);

    /// <summary>Per-channel LL128 ceiling of a ring (<c>perChMaxRingLL128Bws</c>: Volta 20, Ampere 20, Hopper 36.7 GB/s).</summary>
    public static double RingLl128PerChannel(GpuGeneration g) => g == GpuGeneration.HopperOrLater ? 36.7 : 20.0;

    /// <summary>LL ceiling (<c>llMaxBws</c>): single node by GPU generation; multi-node by CPU vendor and node count.</summary>
    public static double LlMax(GpuGeneration g, int nodes, bool amdHost)
    {
        int n = nodes <= 2 ? nodes - 1 : 2;
        double[] volta = [39.0, 39.0, 20.4];
        double[] ampere = [87.7, 22.5, 19.0];
        return nodes == 1 ? (g == GpuGeneration.Volta ? volta[0] : ampere[0]) : (amdHost ? ampere[n] : volta[n]);
    }

    /// <summary>Per-channel tree ceiling (<c>perChMaxTreeBws</c>).</summary>
    public static double TreePerChannel(GpuGeneration g, int nodes)
    {
        int n = nodes <= 2 ? nodes - 1 : 2;
        double[][] t = [[26.5, 18.5, 10.0], [24.0, 23.6, 17.8], [38.7, 41.4, 36.0]];
        return t[(int)g][n];
    }

    /// <summary>Per-channel tree LL128 ceiling (<c>perChMaxTreeLL128Bws</c>).</summary>
    public static double TreeLl128PerChannel(GpuGeneration g, int nodes)
    {
        int n = nodes <= 2 ? nodes - 1 : 2;
        return g == GpuGeneration.HopperOrLater ? new[] { 36.7, 36.7, 29.0 }[n] : 20.0;
    }

    /// <summary>
    /// LL128 is enabled by default only on Volta, Ampere and Hopper with NVLink inside the node (tuning.cc:
    /// "Enable LL128 by default only on Volta/Ampere/Hopper+NVLink").
    /// </summary>
    public static bool Ll128Enabled(GpuGeneration g, bool nvlinkInside, bool blackwell) => nvlinkInside && !blackwell;

    /// <summary>Per-step network overhead of inter-node rings (<c>getNetOverhead</c>: Intel 1 us, AMD 2 us; ×3 for Simple).</summary>
    public static Duration NetOverhead(bool amdHost, NcclProtocol p) =>
        Duration.FromMicroseconds((amdHost ? 2.0 : 1.0) * (p == NcclProtocol.Simple ? 3 : 1));

    /// <summary>Ring all-reduce latency multiplier across nodes with Simple ("plateau effect of ring": 1.4 from Ampere, 1.9 before).</summary>
    public static double RingPlateau(GpuGeneration g) => g == GpuGeneration.Volta ? 1.9 : 1.4;
}
