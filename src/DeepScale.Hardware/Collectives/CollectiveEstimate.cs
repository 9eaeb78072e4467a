using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// The analytical (α-β) cost of one collective: which algorithm and protocol, and how long it takes, with nccl-tests'
/// algorithm and bus bandwidths. Immutable.
/// </summary>
/// <param name="Op">The operation.</param>
/// <param name="Algorithm">Algorithm chosen (or forced).</param>
/// <param name="Protocol">Protocol chosen (or forced).</param>
/// <param name="Ranks">Number of ranks.</param>
/// <param name="Size">Message size S.</param>
/// <param name="Time">Predicted time from launch to completion on every rank.</param>
/// <param name="Latency">The latency part of <paramref name="Time"/> (launch, base and per-hop latencies).</param>
/// <param name="Bandwidth">Effective bandwidth of the bandwidth term (bus bandwidth the algorithm sustains).</param>
public sealed record CollectiveEstimate(
    CollectiveOp Op,
    CollectiveAlgorithm Algorithm,
    NcclProtocol Protocol,
    int Ranks,
    Bytes Size,
    Duration Time,
    Duration Latency,
    ByteRate Bandwidth)
{
    /// <summary>nccl-tests algorithm bandwidth S / t.</summary>
    public ByteRate AlgorithmBandwidth => BusBandwidth.Algorithm(Size, Time);

    /// <summary>nccl-tests bus bandwidth.</summary>
    public ByteRate BusBandwidthValue => BusBandwidth.Bus(Op, Ranks, Size, Time);
}
