using DeepScale.Core.Units;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// A requested storage tier (<c>cluster.storage</c>): its kind and, optionally, its aggregate read bandwidth, the
/// bandwidth of each node's attachment, and its access latency. Unset values take documented defaults from the
/// catalog (see <see cref="StorageBuilder"/>). Immutable.
/// </summary>
/// <param name="Kind">Which tier.</param>
public sealed record StorageTierSpec(StorageTierKind Kind)
{
    /// <summary>Aggregate read bandwidth of a shared tier (all nodes together), or of one node's drives for local NVMe.</summary>
    public ByteRate? ReadBandwidth { get; init; }

    /// <summary>Bandwidth of one node's attachment to a shared tier.</summary>
    public ByteRate? PerNodeBandwidth { get; init; }

    /// <summary>Access latency (metadata or first byte).</summary>
    public Duration? Latency { get; init; }
}
