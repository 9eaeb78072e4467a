namespace DeepScale.Hardware.Topology;

/// <summary>What the scale-out fabric of a cluster turned out to be: topology, switch counts, oversubscription.</summary>
/// <param name="Topology">Fabric topology.</param>
/// <param name="Leaves">Leaf switches (0 without a switched fabric).</param>
/// <param name="Spines">Spine switches (0 when one leaf suffices).</param>
/// <param name="Oversubscription">Leaf downlink to uplink ratio.</param>
/// <param name="Routing">How switches pick among equal-cost paths.</param>
/// <param name="Transport">How collectives move bytes between nodes.</param>
public sealed record FabricSummary(Specs.ScaleOutTopology Topology, int Leaves, int Spines, double Oversubscription,
    FabricRouting Routing = FabricRouting.Ecmp, NetworkTransport Transport = NetworkTransport.Rdma);
