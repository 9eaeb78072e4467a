namespace DeepScale.Hardware.Topology;

/// <summary>
/// A vertex of a topology graph. Immutable.
/// </summary>
/// <param name="Id">The vertex id.</param>
/// <param name="Kind">What the vertex is.</param>
/// <param name="Name">Readable name, e.g. <c>n3.gpu5</c>, <c>leaf2</c>, <c>pfs</c>.</param>
/// <param name="Node">Node (server or TPU host) the vertex belongs to; -1 for shared fabric and storage vertices.</param>
/// <param name="LocalIndex">Index among the vertices of the same kind in its node (GPU 0..g-1, NIC 0..k-1), or among shared ones.</param>
/// <param name="Forwards">True when routes may pass through the vertex (switches, host bridges, NICs, TPU chips).</param>
public sealed record Vertex(DeviceId Id, VertexKind Kind, string Name, int Node, int LocalIndex, bool Forwards);
