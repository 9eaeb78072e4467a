using DeepScale.Core.Units;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// A storage tier as built into a cluster: the vertex that holds the data, its bandwidths, latency, and where each
/// value comes from. Reading from it is a route from <see cref="Target"/> (or the node's own drive) to a node, so a
/// replay shares its links with every other transfer. Immutable.
/// </summary>
/// <param name="Kind">Which tier.</param>
/// <param name="Target">The shared storage vertex; for local NVMe, the drive of node 0 (use <see cref="Cluster.LocalNvme"/> per node).</param>
/// <param name="ReadBandwidth">Aggregate read bandwidth (per node for local NVMe).</param>
/// <param name="PerNodeBandwidth">Bandwidth of one node's attachment.</param>
/// <param name="Latency">Access latency.</param>
/// <param name="Source">Catalog rows and assumptions behind the numbers.</param>
public sealed record StorageTier(
    StorageTierKind Kind,
    DeviceId Target,
    ByteRate ReadBandwidth,
    ByteRate PerNodeBandwidth,
    Duration Latency,
    string Source);
