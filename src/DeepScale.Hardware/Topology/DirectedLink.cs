using DeepScale.Core.Units;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// One direction of a physical link: the unit a replay binds to a fair-share bandwidth resource. Immutable.
/// </summary>
/// <param name="Id">Index in <see cref="TopologyGraph.Links"/>.</param>
/// <param name="From">Sending vertex.</param>
/// <param name="To">Receiving vertex.</param>
/// <param name="Kind">Link technology (selects the collectives' per-hop latency class).</param>
/// <param name="Capacity">Achievable bandwidth in this direction: the spec times the link family's achievable fraction.</param>
/// <param name="SpecCapacity">Datasheet bandwidth in this direction (before the achievable fraction).</param>
/// <param name="Latency">One-way latency of crossing this link.</param>
/// <param name="Source">Catalog ids and documented assumptions the capacity and latency come from.</param>
public sealed record DirectedLink(
    LinkId Id,
    DeviceId From,
    DeviceId To,
    LinkKind Kind,
    ByteRate Capacity,
    ByteRate SpecCapacity,
    Duration Latency,
    string Source);
