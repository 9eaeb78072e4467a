using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Tests.Topology;

/// <summary>
/// The router keeps fabric distances per source across calls; its routes must equal a brute-force search per pair
/// (<see cref="ReferenceRouter"/>): the same links in the same order, including the ECMP pick among equal-length paths.
/// </summary>
[TestClass]
public sealed class RouterEquivalenceTests
{
    private static readonly ByteRate s_rate = ByteRate.FromGBps(25);
    private static readonly Duration s_latency = Duration.FromMicroseconds(1);

    [TestMethod]
    [DataRow(FabricRouting.Ecmp)]
    [DataRow(FabricRouting.DestinationModulo)]
    public void Find_ThreeLevelFatTree_EveryPairMatchesBruteForce(FabricRouting routing)
    {
        TopologyGraph g = ThreeLevelFatTree();
        Router router = new(g, composeThroughNics: true, routing);
        ReferenceRouter reference = new(g, composeThroughNics: true, routing);
        int compared = 0;
        HashSet<int> coreLinks = [];
        foreach (Vertex a in g.Vertices)
        {
            foreach (Vertex b in g.Vertices)
            {
                Route route = router.Find(a.Id, b.Id);
                ImmutableArray<LinkId>? expected = reference.Find(a.Id, b.Id);
                Assert.IsNotNull(expected, $"{a.Name} -> {b.Name}");
                CollectionAssert.AreEqual(expected.Value.ToArray(), route.Links.ToArray(), $"{a.Name} -> {b.Name}");
                compared++;
                foreach (LinkId l in route.Links)
                {
                    if (g[g[l].To].Name.StartsWith("core", StringComparison.Ordinal))
                    {
                        coreLinks.Add(l.Index);
                    }
                }
            }
        }

        Assert.AreEqual(g.Vertices.Length * g.Vertices.Length, compared);

        // Routes between pods climb to the cores over several equal-length paths; the hash or the port spreads them.
        Assert.IsGreaterThan(4, coreLinks.Count);
    }

    [TestMethod]
    [DataRow("dgx-a100-80gb", 64, 8, 2.0, FabricRouting.Ecmp)]
    [DataRow("dgx-a100-80gb", 64, 8, 2.0, FabricRouting.DestinationModulo)]
    [DataRow("dgx-h100", 32, 4, 1.0, FabricRouting.Ecmp)]
    [DataRow("dgx-h100", 32, 4, 1.0, FabricRouting.DestinationModulo)]
    public void Route_DistantNodesOfCatalogFabric_MatchBruteForce(string system, int nodes, int leafDownlinks, double oversubscription,
        FabricRouting routing)
    {
        Cluster c = ClusterBuilder.Build(new ClusterSpec(system, nodes)
        {
            ScaleOut = new ScaleOutSpec { LeafDownlinks = leafDownlinks, Oversubscription = oversubscription, Routing = routing },
        });
        Assert.IsGreaterThan(4, c.Fabric.Leaves);
        Assert.IsGreaterThan(1, c.Fabric.Spines);
        Assert.AreEqual(routing, c.Fabric.Routing);
        ReferenceRouter reference = new(c.Graph, composeThroughNics: true, routing);
        int[] far = [0, 1, 3, nodes / 2, nodes - 1];
        List<DeviceId> gpus = [.. far.SelectMany(n => c.Nodes[n].Accelerators)];
        HashSet<int> spineLinks = [];
        foreach (DeviceId a in gpus)
        {
            foreach (DeviceId b in gpus)
            {
                AssertSame(c, reference, a, b, spineLinks);
            }
        }

        // Every rank to the rank one node further on, as the rings of a collective route them.
        int g = c.AcceleratorsPerNode;
        for (int r = 0; r < c.AcceleratorCount; r++)
        {
            AssertSame(c, reference, c.Accelerators[r], c.Accelerators[(r + g) % c.AcceleratorCount], spineLinks);
        }

        Assert.IsGreaterThan(1, spineLinks.Count);
    }

    [TestMethod]
    [DataRow(2)]
    [DataRow(4)]
    [DataRow(16)]
    [DataRow(32)]
    public void Route_NodesWithMoreOrFewerNicsThanGpus_SpreadEachSwitchsGpusOverItsNics(int nics)
    {
        Cluster c = ClusterBuilder.Build(new ClusterSpec("hgx-a100", 4) { ScaleOut = new ScaleOutSpec { Link = "ib-hdr", NicsPerNode = nics } });
        int g = c.AcceleratorsPerNode;
        var nicPorts = new HashSet<int>();
        for (int r = 0; r < g; r++)
        {
            // The first network link of each GPU of node 0 towards node 1: its NIC's port.
            Route route = c.Route(c.Accelerators[r], c.Accelerators[r + g]);
            nicPorts.Add(route.Links.First(l => c.Graph[l].Kind == LinkKind.Network).Index);
        }

        Assert.AreEqual(Math.Min(nics, g), nicPorts.Count, "each GPU leaves on its own NIC while there are enough");
        if (nics <= g)
        {
            ReferenceRouter reference = new(c.Graph, composeThroughNics: true);
            HashSet<int> spineLinks = [];
            for (int r = 0; r < c.AcceleratorCount; r++)
            {
                AssertSame(c, reference, c.Accelerators[r], c.Accelerators[(r + g) % c.AcceleratorCount], spineLinks);
            }
        }
    }

    private static void AssertSame(Cluster c, ReferenceRouter reference, DeviceId a, DeviceId b, HashSet<int> spineLinks)
    {
        Route route = c.Route(a, b);
        ImmutableArray<LinkId>? expected = reference.Find(a, b);
        Assert.IsNotNull(expected);
        CollectionAssert.AreEqual(expected.Value.ToArray(), route.Links.ToArray(), $"{c.Graph[a].Name} -> {c.Graph[b].Name}");
        foreach (LinkId l in route.Links)
        {
            if (c.Graph[c.Graph[l].To].Kind == VertexKind.SpineSwitch)
            {
                spineLinks.Add(l.Index);
            }
        }
    }

    /// <summary>
    /// Twelve nodes (two GPUs, a PCIe switch, two NICs each), one per leaf, in three pods of four leaves and two
    /// aggregation switches, four cores above. Odd nodes' second NIC is dual-homed to its neighbour's leaf too, leaf 0
    /// has two parallel uplinks to its first aggregation switch, and a storage network and target hang off the cores
    /// (fabric vertices that do not lead anywhere shorter).
    /// </summary>
    private static TopologyGraph ThreeLevelFatTree()
    {
        TopologyGraphBuilder b = new();
        const int nodes = 12;
        const int pods = 3;
        DeviceId[] cores = [.. Enumerable.Range(0, 4).Select(i => b.AddVertex(VertexKind.SpineSwitch, $"core{i}", -1, i, true))];
        DeviceId[] aggs = [.. Enumerable.Range(0, 2 * pods).Select(i => b.AddVertex(VertexKind.SpineSwitch, $"agg{i}", -1, i, true))];
        DeviceId[] leaves = [.. Enumerable.Range(0, nodes).Select(i => b.AddVertex(VertexKind.LeafSwitch, $"leaf{i}", -1, i, true))];
        for (int a = 0; a < aggs.Length; a++)
        {
            foreach (DeviceId core in cores.Skip(2 * (a % 2)).Take(2))
            {
                Duplex(b, aggs[a], core);
            }
        }

        for (int l = 0; l < leaves.Length; l++)
        {
            int pod = l / (nodes / pods);
            Duplex(b, leaves[l], aggs[2 * pod]);
            Duplex(b, leaves[l], aggs[(2 * pod) + 1]);
        }

        Duplex(b, leaves[0], aggs[0]);
        DeviceId storageNet = b.AddVertex(VertexKind.StorageSwitch, "storage-net", -1, 0, true);
        DeviceId store = b.AddVertex(VertexKind.Storage, "store", -1, 0, false);
        Duplex(b, storageNet, cores[1]);
        Duplex(b, store, storageNet);
        Duplex(b, store, cores[3]);
        for (int n = 0; n < nodes; n++)
        {
            DeviceId pcie = b.AddVertex(VertexKind.PcieSwitch, $"n{n}.pcie", n, 0, true);
            for (int i = 0; i < 2; i++)
            {
                Duplex(b, b.AddVertex(VertexKind.Accelerator, $"n{n}.gpu{i}", n, i, false), pcie);
            }

            int leaf = n;
            for (int j = 0; j < 2; j++)
            {
                DeviceId nic = b.AddVertex(VertexKind.Nic, $"n{n}.nic{j}", n, j, true);
                Duplex(b, nic, pcie);
                Duplex(b, nic, leaves[leaf]);
                if (j == 1 && n % 2 == 1)
                {
                    Duplex(b, nic, leaves[leaf ^ 1]);
                }
            }
        }

        return b.Build();
    }

    private static void Duplex(TopologyGraphBuilder b, DeviceId x, DeviceId y) =>
        b.AddDuplex(x, y, LinkKind.Network, s_rate, s_rate, s_latency, "test");
}
