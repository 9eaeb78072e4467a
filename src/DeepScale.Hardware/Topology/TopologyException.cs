using DeepScale.Core;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// A cluster that cannot be built or cannot route: the message names the spec field (e.g.
/// "cluster.gpus: 12 is not a multiple of gpus_per_node 8") or, with field "topology", the two vertices that have
/// no path between them.
/// </summary>
public sealed class TopologyException(string field, string message) : SpecFieldException(field, message);
