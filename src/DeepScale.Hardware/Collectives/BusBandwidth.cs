using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// nccl-tests' bandwidth definitions (NVIDIA/nccl-tests doc/PERFORMANCE.md): algorithm bandwidth = S / t; bus
/// bandwidth = algbw × factor, with factor 2(n-1)/n for all-reduce, (n-1)/n for reduce-scatter, all-gather and
/// all-to-all, and 1 for broadcast and send/recv, so busbw is comparable to the bottleneck link's speed.
/// </summary>
public static class BusBandwidth
{
    /// <summary>The busbw/algbw factor of an operation over <paramref name="ranks"/> ranks.</summary>
    public static double Factor(CollectiveOp op, int ranks) => op switch
    {
        CollectiveOp.AllReduce => 2.0 * (ranks - 1) / ranks,
        CollectiveOp.ReduceScatter or CollectiveOp.AllGather or CollectiveOp.AllToAll => (ranks - 1) / (double)ranks,
        _ => 1.0,
    };

    /// <summary>Algorithm bandwidth S / t.</summary>
    public static ByteRate Algorithm(Bytes size, Duration time) => size / time;

    /// <summary>Bus bandwidth S / t × factor.</summary>
    public static ByteRate Bus(CollectiveOp op, int ranks, Bytes size, Duration time) => Algorithm(size, time) * Factor(op, ranks);
}
