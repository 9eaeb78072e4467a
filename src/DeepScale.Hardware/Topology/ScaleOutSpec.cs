using DeepScale.Core.Units;

using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// Overrides of the scale-out fabric (<c>cluster.scale_out</c>): NIC link, NICs per node, topology and
/// oversubscription. Unset fields keep the system preset's values. Immutable.
/// </summary>
public sealed record ScaleOutSpec
{
    /// <summary>Interconnect id of the NIC ports (e.g. <c>ib-hdr</c>, <c>roce-400g</c>).</summary>
    public string? Link { get; init; }

    /// <summary>NICs per node used by the compute fabric.</summary>
    public int? NicsPerNode { get; init; }

    /// <summary>Fabric topology.</summary>
    public ScaleOutTopology? Topology { get; init; }

    /// <summary>
    /// Leaf downlink to uplink ratio (1 = non-blocking; 2 means each leaf has half as much uplink as downlink
    /// bandwidth). Must be at least 1.
    /// </summary>
    public double? Oversubscription { get; init; }

    /// <summary>
    /// NIC ports per leaf switch. Default 32: the DGX SuperPOD scalable unit puts 32 nodes on each rail leaf
    /// (systems.csv, DGX SuperPOD (H100) row).
    /// </summary>
    public int? LeafDownlinks { get; init; }

    /// <summary>Replaces the per-port NIC rate (e.g. a cloud instance's per-node network split over its NICs).</summary>
    public ByteRate? NicRate { get; init; }

    /// <summary>How switches pick among equal-cost paths; null: D-mod-K on InfiniBand, ECMP hashing on other links.</summary>
    public FabricRouting? Routing { get; init; }

    /// <summary>How collectives move bytes between nodes; null: RDMA.</summary>
    public NetworkTransport? Transport { get; init; }
}
