using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// Builds a <see cref="Cluster"/> from a <see cref="ClusterSpec"/>: resolves the system preset and its overrides
/// into a <see cref="NodeSpec"/>, validates the shape (errors name the field), wires every node (scale-up fabric,
/// PCIe tree, NICs, host, NVMe), the scale-out fabric and the storage tiers, and checks that every accelerator can
/// reach every other.
/// </summary>
public static class ClusterBuilder
{
    /// <summary>Builds the cluster; throws <see cref="TopologyException"/> naming the field on bad input.</summary>
    public static Cluster Build(ClusterSpec spec, HardwareCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        catalog ??= HardwareCatalog.Default;
        SystemSpec system = Lookup("cluster.system", () => catalog.System(spec.System));
        NodeSpec node = ResolveNode(spec, system, catalog);
        int nodes = ResolveNodeCount(spec, node.AcceleratorsPerNode);
        ScaleOutTopology topology = ResolveTopology(spec, system, nodes);
        return Build(spec, node, nodes, topology, system, catalog);
    }

    /// <summary>Builds a cluster of <paramref name="nodes"/> identical nodes described by <paramref name="node"/>.</summary>
    public static Cluster Build(NodeSpec node, int nodes, ScaleOutSpec? scaleOut = null, HardwareCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        catalog ??= HardwareCatalog.Default;
        if (nodes < 1)
        {
            throw new TopologyException("cluster.nodes", $"{nodes} must be at least 1");
        }

        ClusterSpec spec = new(node.Name, nodes) { ScaleOut = scaleOut };
        ScaleOutTopology topology = nodes == 1 ? ScaleOutTopology.None : scaleOut?.Topology ?? ScaleOutTopology.FatTree;
        return Build(spec, node, nodes, topology, null, catalog);
    }

    private static Cluster Build(ClusterSpec spec, NodeSpec node, int nodes, ScaleOutTopology topology, SystemSpec? system, HardwareCatalog catalog)
    {
        double oversubscription = spec.ScaleOut?.Oversubscription ?? 1.0;
        if (oversubscription < 1 || !double.IsFinite(oversubscription))
        {
            throw new TopologyException("cluster.scale_out.oversubscription", $"{oversubscription} must be at least 1 (downlink:uplink)");
        }

        int leafDownlinks = spec.ScaleOut?.LeafDownlinks ?? 32;
        if (leafDownlinks < 1)
        {
            throw new TopologyException("cluster.scale_out.leaf_downlinks", $"{leafDownlinks} must be at least 1");
        }

        bool usesNics = topology is ScaleOutTopology.FatTree or ScaleOutTopology.RailOptimized;
        if (usesNics && (node.NicLink is null || node.NicsPerNode < 1 || node.NicRate.BytesPerSecond <= 0))
        {
            string field = node.NicLink is null ? "cluster.scale_out.link" : "cluster.scale_out.nics_per_node";
            throw new TopologyException(field,
                $"{nodes} nodes of {node.Name} need a scale-out network, but it has {(node.NicLink is null ? "no NIC link" : $"{node.NicsPerNode} NICs")}; set scale_out.link and scale_out.nics_per_node");
        }

        TopologyGraphBuilder g = new();
        int perNode = node.AcceleratorsPerNode;
        ImmutableArray<DeviceId>.Builder accelerators = ImmutableArray.CreateBuilder<DeviceId>(nodes * perNode);
        for (int n = 0; n < nodes; n++)
        {
            for (int i = 0; i < perNode; i++)
            {
                accelerators.Add(g.AddVertex(VertexKind.Accelerator, $"n{n}.gpu{i}", n, i, node.Fabric == ScaleUpFabric.Torus));
            }
        }

        ImmutableArray<DeviceId> gpus = accelerators.MoveToImmutable();
        NodeWiring[] wiring = new NodeWiring[nodes];
        for (int n = 0; n < nodes; n++)
        {
            wiring[n] = NodeBuilder.Wire(g, node, n, gpus.AsSpan(n * perNode, perNode), usesNics);
        }

        ImmutableArray<int> torusShape = [];
        if (node.Fabric == ScaleUpFabric.Torus)
        {
            torusShape = TorusBuilder.Wire(g, node, gpus, spec.TorusShape, system?.TorusShape ?? []);
        }

        FabricRouting routing = spec.ScaleOut?.Routing ?? DefaultRouting(node.NicLink);
        NetworkTransport transport = spec.ScaleOut?.Transport ?? NetworkTransport.Rdma;
        FabricSummary fabric = usesNics
            ? FabricBuilder.Wire(g, node, wiring, topology, leafDownlinks, oversubscription, transport) with { Routing = routing }
            : new FabricSummary(topology, 0, 0, oversubscription, routing, transport);
        ImmutableArray<StorageTier> storage = StorageBuilder.Wire(g, node, wiring, spec.Storage ?? [], catalog);
        Cluster cluster = new(spec, node, nodes, g.Build(), gpus, [.. wiring], fabric, storage, torusShape, catalog.Version);
        cluster.CheckConnected();
        return cluster;
    }

    /// <summary>
    /// The routing a fabric of <paramref name="nicLink"/> ports runs unless the spec says otherwise: InfiniBand
    /// subnet managers route fat trees destination-modulo-k (OpenSM's ftree engine); Ethernet, RoCE and cloud
    /// fabrics hash flows over equal-cost paths.
    /// </summary>
    public static FabricRouting DefaultRouting(LinkSpec? nicLink) =>
        nicLink is not null && nicLink.Id.StartsWith("ib-", StringComparison.Ordinal) ? FabricRouting.DestinationModulo : FabricRouting.Ecmp;

    private static NodeSpec ResolveNode(ClusterSpec spec, SystemSpec system, HardwareCatalog catalog)
    {
        AcceleratorSpec accelerator = Lookup("cluster.gpu", () => catalog.Accelerator(spec.Gpu ?? system.AcceleratorId));
        int perNode = spec.GpusPerNode ?? system.AcceleratorsPerNode;
        if (perNode < 1)
        {
            throw new TopologyException("cluster.gpus_per_node", $"{perNode} must be at least 1");
        }

        if (perNode > system.AcceleratorsPerNode && system.Fabric != ScaleUpFabric.Torus)
        {
            throw new TopologyException("cluster.gpus_per_node",
                $"{perNode} exceeds the {system.AcceleratorsPerNode} accelerators of a {system.Id} node");
        }

        LinkSpec? scaleUp = system.ScaleUpLinkId.Length > 0 ? catalog.Link(system.ScaleUpLinkId) : null;
        ScaleOutSpec? so = spec.ScaleOut;
        string nicLinkId = so?.Link ?? system.ScaleOutLinkId;
        LinkSpec? nicLink = nicLinkId.Length > 0 ? Lookup("cluster.scale_out.link", () => catalog.Link(nicLinkId)) : null;
        int nics = so?.NicsPerNode ?? (so?.Link is not null && system.NicsPerNode == 0 ? perNode : system.NicsPerNode);
        if (nics < 0)
        {
            throw new TopologyException("cluster.scale_out.nics_per_node", $"{nics} must not be negative");
        }

        ByteRate nicRate = so?.NicRate
            ?? (so?.Link is not null ? PortRateOf(nicLink!, nics) : system.NicRate);
        int pcieGen = accelerator.PcieGeneration is >= 3 and <= 6 ? accelerator.PcieGeneration : 4;
        Bytes? localCapacity = system.LocalStorageCapacity;
        return new NodeSpec(system.Id, accelerator, perNode, system.Fabric, scaleUp, system.PerAcceleratorScaleUp,
            nics, nicLink, nicRate, catalog.Link($"pcie-{pcieGen}"))
        {
            HostCpu = system.HostCpu,
            HostMemory = system.HostMemory,
            LocalStorage = system.LocalStorage,
            LocalDrives = DriveCount(system.LocalStorage),
        };
    }

    /// <summary>Per-port rate of a link: its port rate, or for per-node cloud fabrics the node total split over the NICs.</summary>
    internal static ByteRate PortRateOf(LinkSpec link, int nics) =>
        link.Category == LinkCategory.CloudFabric && nics > 0 ? link.TotalPerDirection / nics
        : link.PortRate.BytesPerSecond > 0 ? link.PortRate
        : link.TotalPerDirection;

    private static int ResolveNodeCount(ClusterSpec spec, int perNode)
    {
        if (spec.Gpus is int total)
        {
            if (total < 1)
            {
                throw new TopologyException("cluster.gpus", $"{total} must be at least 1");
            }

            if (total % perNode != 0)
            {
                throw new TopologyException("cluster.gpus", $"{total} is not a multiple of gpus_per_node {perNode}");
            }

            if (spec.Nodes is int given && given * perNode != total)
            {
                throw new TopologyException("cluster.nodes", $"{given} nodes of {perNode} GPUs is {given * perNode}, not cluster.gpus {total}");
            }

            return total / perNode;
        }

        int nodes = spec.Nodes ?? 1;
        return nodes >= 1 ? nodes : throw new TopologyException("cluster.nodes", $"{nodes} must be at least 1");
    }

    private static ScaleOutTopology ResolveTopology(ClusterSpec spec, SystemSpec system, int nodes)
    {
        ScaleOutTopology? asked = spec.ScaleOut?.Topology;
        if (system.Fabric == ScaleUpFabric.Torus)
        {
            return asked is null or ScaleOutTopology.Torus3D or ScaleOutTopology.None
                ? ScaleOutTopology.Torus3D
                : throw new TopologyException("cluster.scale_out.topology", $"{system.Id} chips connect through ICI; use torus-3d, not {asked}");
        }

        if (asked == ScaleOutTopology.Torus3D)
        {
            throw new TopologyException("cluster.scale_out.topology", $"torus-3d needs a TPU system; {system.Id} is {system.Fabric}");
        }

        return nodes == 1 ? ScaleOutTopology.None : asked ?? system.DefaultScaleOut;
    }

    private static int DriveCount(string localStorage)
    {
        int best = 1;
        foreach (string part in localStorage.Split('+'))
        {
            string p = part.Trim();
            int x = p.IndexOf('x', StringComparison.Ordinal);
            if (x > 0 && int.TryParse(p[..x].Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int k))
            {
                best = Math.Max(best, k);
            }
        }

        return best;
    }

    private static T Lookup<T>(string field, Func<T> find)
    {
        try
        {
            return find();
        }
        catch (UnknownCatalogIdException ex)
        {
            throw new TopologyException(field, ex.Message);
        }
    }
}
