using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// One collective to cost or plan: the operation, the participating accelerators in rank order, the message size
/// in the nccl-tests sense (see <see cref="CollectiveOp"/>), and optionally a forced algorithm or protocol (NCCL's
/// choice otherwise). Immutable.
/// </summary>
/// <param name="Op">The operation.</param>
/// <param name="Group">Participating accelerators, rank 0 first.</param>
/// <param name="Size">Message size S.</param>
public sealed record CollectiveRequest(CollectiveOp Op, ImmutableArray<DeviceId> Group, Bytes Size)
{
    /// <summary>Forced algorithm; null lets the model choose as NCCL would.</summary>
    public CollectiveAlgorithm? Algorithm { get; init; }

    /// <summary>Forced protocol; null lets the model choose as NCCL would.</summary>
    public NcclProtocol? Protocol { get; init; }

    /// <summary>
    /// Upper bound on ring channels (NCCL builds one ring per NIC rail across nodes); null keeps NCCL's count. A plan
    /// has one step per rank, ring step and channel, so a 1,024-rank ring all-reduce over 8 rails is 16.7 million
    /// steps: a replay may cap channels (the estimate then uses the same cap, with the bandwidth that implies).
    /// </summary>
    public int? MaxChannels { get; init; }

    /// <summary>Root rank (index into <see cref="Group"/>) of a broadcast.</summary>
    public int Root { get; init; }

    /// <summary>Number of ranks.</summary>
    public int Ranks => Group.Length;
}
