using System.Collections.Immutable;

using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// A built cluster: the topology graph of its nodes, scale-out fabric and storage, the accelerators in global rank
/// order, and routing between any two vertices. Immutable apart from the router's scratch state (calls to
/// <see cref="Route"/> are serialized). Built by <see cref="ClusterBuilder"/>.
/// </summary>
public sealed class Cluster
{
    private readonly Router _router;
    private readonly Lock _routerLock = new();

    internal Cluster(
        ClusterSpec spec,
        NodeSpec node,
        int nodeCount,
        TopologyGraph graph,
        ImmutableArray<DeviceId> accelerators,
        ImmutableArray<NodeWiring> nodes,
        FabricSummary fabric,
        ImmutableArray<StorageTier> storage,
        ImmutableArray<int> torusShape,
        string catalogVersion)
    {
        Spec = spec;
        Node = node;
        NodeCount = nodeCount;
        Graph = graph;
        Accelerators = accelerators;
        Nodes = nodes;
        Fabric = fabric;
        Storage = storage;
        TorusShape = torusShape;
        CatalogVersion = catalogVersion;
        _router = new Router(graph, composeThroughNics: node.Fabric != ScaleUpFabric.Torus, fabric.Routing);
    }

    /// <summary>The spec the cluster was built from.</summary>
    public ClusterSpec Spec { get; }

    /// <summary>The resolved node every node of the cluster is an instance of.</summary>
    public NodeSpec Node { get; }

    /// <summary>Number of nodes.</summary>
    public int NodeCount { get; }

    /// <summary>Accelerators per node.</summary>
    public int AcceleratorsPerNode => Node.AcceleratorsPerNode;

    /// <summary>The topology graph.</summary>
    public TopologyGraph Graph { get; }

    /// <summary>All directed links (a replay binds each to one fair-share resource).</summary>
    public ImmutableArray<DirectedLink> Links => Graph.Links;

    /// <summary>Accelerators in global rank order (rank r = node r / g, local index r mod g).</summary>
    public ImmutableArray<DeviceId> Accelerators { get; }

    /// <summary>The vertices of each node.</summary>
    public ImmutableArray<NodeWiring> Nodes { get; }

    /// <summary>The scale-out fabric.</summary>
    public FabricSummary Fabric { get; }

    /// <summary>Storage tiers (local NVMe first).</summary>
    public ImmutableArray<StorageTier> Storage { get; }

    /// <summary>TPU torus shape (x, y, z); empty for switched clusters.</summary>
    public ImmutableArray<int> TorusShape { get; }

    /// <summary>Version of the catalog the cluster was built from.</summary>
    public string CatalogVersion { get; }

    /// <summary>Total accelerators.</summary>
    public int AcceleratorCount => Accelerators.Length;

    /// <summary>Node index of a vertex (-1 for shared fabric and storage).</summary>
    public int NodeOf(DeviceId id) => Graph[id].Node;

    /// <summary>The route of a transfer from one vertex to another.</summary>
    public Route Route(DeviceId from, DeviceId to)
    {
        CheckVertex(from, nameof(from));
        CheckVertex(to, nameof(to));
        lock (_routerLock)
        {
            return _router.Find(from, to);
        }
    }

    /// <summary>The storage tier of a kind; throws naming the kind when the cluster has none.</summary>
    public StorageTier StorageTier(StorageTierKind kind) =>
        Storage.FirstOrDefault(s => s.Kind == kind)
        ?? throw new TopologyException("cluster.storage", $"the cluster has no {kind} tier");

    /// <summary>
    /// How many of <paramref name="readers"/> share the tier's read bandwidth with <paramref name="reader"/>: those of
    /// its node for local NVMe (each node has its own), all of them for a shared tier.
    /// </summary>
    public int StorageSharers(StorageTierKind kind, IEnumerable<DeviceId> readers, DeviceId reader)
    {
        ArgumentNullException.ThrowIfNull(readers);
        int node = NodeOf(reader);
        return kind == StorageTierKind.LocalNvme ? readers.Count(r => NodeOf(r) == node) : readers.Count();
    }

    /// <summary>The route data takes from a storage tier into an accelerator of a node.</summary>
    public Route StorageReadRoute(StorageTierKind kind, DeviceId accelerator)
    {
        DeviceId source = kind == StorageTierKind.LocalNvme
            ? Nodes[NodeOf(accelerator)].LocalNvme
            : StorageTier(kind).Target;
        return Route(source, accelerator);
    }

    /// <summary>Throws naming the two vertices if some accelerator cannot reach accelerator 0 or the reverse.</summary>
    internal void CheckConnected()
    {
        if (Accelerators.IsEmpty)
        {
            throw new TopologyException("cluster.gpus", "the cluster has no accelerators");
        }

        if (Graph.Links.IsEmpty && Accelerators.Length > 1)
        {
            throw new TopologyException("topology", "the cluster has no links");
        }

        DeviceId first = Accelerators[0];
        for (int n = 0; n < NodeCount; n++)
        {
            DeviceId probe = Nodes[n].Accelerators[^1];
            Route(first, probe);
            Route(probe, first);
        }
    }

    private void CheckVertex(DeviceId id, string name)
    {
        if (id.Index < 0 || id.Index >= Graph.Vertices.Length)
        {
            throw new ArgumentOutOfRangeException(name, id, $"the cluster has {Graph.Vertices.Length} vertices");
        }
    }
}
