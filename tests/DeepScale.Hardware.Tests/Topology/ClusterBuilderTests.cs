using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Tests.Topology;

[TestClass]
public sealed class ClusterBuilderTests
{
    [TestMethod]
    public void Build_DgxA100SingleNode_RoutesGpuToGpuThroughNvSwitch()
    {
        Cluster c = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb"));
        Assert.AreEqual(8, c.AcceleratorCount);
        Route r = c.Route(c.Accelerators[0], c.Accelerators[5]);
        Assert.AreEqual(2, r.Hops);
        Assert.AreEqual(LinkKind.NvLink, c.Graph[r.Links[0]].Kind);
        Assert.AreEqual(VertexKind.NvSwitch, c.Graph[c.Graph[r.Links[0]].To].Kind);
        Assert.AreEqual(240e9, r.Bottleneck.BytesPerSecond, 1e3);
        Assert.AreEqual(Duration.FromMicroseconds(0.6), r.Latency);
    }

    [TestMethod]
    public void Route_IsPerDirection_ReverseUsesOtherLinks()
    {
        Cluster c = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb"));
        Route ab = c.Route(c.Accelerators[0], c.Accelerators[1]);
        Route ba = c.Route(c.Accelerators[1], c.Accelerators[0]);
        CollectionAssert.AreEquivalent(Array.Empty<LinkId>(), ab.Links.Intersect(ba.Links).ToArray());
        foreach (LinkId l in ab.Links)
        {
            DirectedLink link = c.Graph[l];
            Assert.IsTrue(c.Links.Any(o => o.From == link.To && o.To == link.From), "every link has a reverse");
        }
    }

    [TestMethod]
    public void Build_TwoDgxA100_InterNodeRouteUsesRailNicAndIbLatency()
    {
        Cluster c = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 2));
        Route r = c.Route(c.Accelerators[3], c.Accelerators[8 + 3]);
        string[] path = [.. r.Links.Select(l => c.Graph[c.Graph[l].To].Name)];
        CollectionAssert.AreEqual(new[] { "n0.pcie1", "n0.nic3", "leaf0", "n1.nic3", "n1.pcie1", "n1.gpu3" }, path);
        Assert.AreEqual(25e9 * 0.96, r.Bottleneck.BytesPerSecond, 1e3);
        Assert.AreEqual(Duration.FromMicroseconds((4 * 0.5) + (2 * 0.6)), r.Latency);
    }

    [TestMethod]
    public void Build_FatTreeWithOversubscription_HasFewerSpines()
    {
        Cluster full = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 16));
        Cluster half = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 16) { ScaleOut = new ScaleOutSpec { Oversubscription = 2 } });
        Assert.AreEqual(4, full.Fabric.Leaves);
        Assert.AreEqual(32, full.Fabric.Spines);
        Assert.AreEqual(16, half.Fabric.Spines);
        Route r = half.Route(half.Accelerators[0], half.Accelerators[15 * 8]);
        Assert.IsTrue(r.Links.Any(l => half.Graph[half.Graph[l].To].Kind == VertexKind.SpineSwitch));
    }

    [TestMethod]
    public void Build_Routing_DestinationModuloOnInfiniBandEcmpElsewhere()
    {
        Assert.AreEqual(FabricRouting.DestinationModulo, ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 2)).Fabric.Routing);
        Assert.AreEqual(FabricRouting.Ecmp, ClusterBuilder.Build(new ClusterSpec("big-basin-p100", 2)).Fabric.Routing);
        Cluster hashed = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 2) { ScaleOut = new ScaleOutSpec { Routing = FabricRouting.Ecmp } });
        Assert.AreEqual(FabricRouting.Ecmp, hashed.Fabric.Routing);
    }

    [TestMethod]
    public void Build_TcpTransport_NicPortsCarrySixTenthsOfLineRateAndUplinksStay()
    {
        Cluster rdma = ClusterBuilder.Build(new ClusterSpec("big-basin-p100", 64));
        Cluster tcp = ClusterBuilder.Build(new ClusterSpec("big-basin-p100", 64) { ScaleOut = new ScaleOutSpec { Transport = NetworkTransport.Sockets } });
        Assert.AreEqual(NetworkTransport.Rdma, rdma.Fabric.Transport);
        Assert.AreEqual(NetworkTransport.Sockets, tcp.Fabric.Transport);
        ByteRate line = tcp.Node.NicRate;
        DirectedLink Nic(Cluster c) => c.Links.First(l => c.Graph[l.From].Kind == VertexKind.Nic && c.Graph[l.To].Kind == VertexKind.LeafSwitch);
        DirectedLink Uplink(Cluster c) => c.Links.First(l => c.Graph[l.From].Kind == VertexKind.LeafSwitch && c.Graph[l.To].Kind == VertexKind.SpineSwitch);
        Assert.AreEqual(0.6 * line.BytesPerSecond, Nic(tcp).Capacity.BytesPerSecond, 1e-6 * line.BytesPerSecond);
        Assert.AreEqual(Uplink(rdma).Capacity, Uplink(tcp).Capacity);
        Assert.AreEqual(Nic(rdma).Capacity, Uplink(rdma).Capacity);
    }

    [TestMethod]
    public void Route_DestinationModulo_SpineIsTheDestinationPortModuloTheSpines()
    {
        // 16 DGX A100, 4 per 32-port leaf, 32 spines: NIC r of node n is port 8 (n mod 4) + r of its leaf, and D-mod-K
        // sends every flow towards it through spine (port mod 32), whichever leaf it comes from.
        Cluster c = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 16));
        int SpineOf(int from, int to)
        {
            Route r = c.Route(c.Accelerators[from], c.Accelerators[to]);
            DeviceId spine = r.Links.Select(l => c.Graph[l].To).Single(v => c.Graph[v].Kind == VertexKind.SpineSwitch);
            return c.Graph[spine].LocalIndex;
        }

        for (int n = 4; n < 16; n++)
        {
            for (int r = 0; r < 8; r++)
            {
                int port = (8 * (n % 4)) + r;
                Assert.AreEqual(SpineOf(r, (n * 8) + r), SpineOf((8 * ((n + 4) % 16)) + r, (n * 8) + r), $"node {n} NIC {r}");
                Assert.AreEqual(port % 32, SpineOf(r, (n * 8) + r) % 32, $"node {n} NIC {r}");
            }
        }
    }

    [TestMethod]
    public void Build_RailOptimized_SameRailStaysOnOneLeaf()
    {
        Cluster c = ClusterBuilder.Build(new ClusterSpec("dgx-h100", 4));
        Assert.AreEqual(ScaleOutTopology.RailOptimized, c.Fabric.Topology);
        Route sameRail = c.Route(c.Accelerators[2], c.Accelerators[(3 * 8) + 2]);
        Route crossRail = c.Route(c.Accelerators[2], c.Accelerators[(3 * 8) + 5]);
        Assert.IsFalse(sameRail.Links.Any(l => c.Graph[c.Graph[l].To].Kind == VertexKind.SpineSwitch));
        Assert.IsTrue(crossRail.Links.Any(l => c.Graph[c.Graph[l].To].Kind == VertexKind.SpineSwitch));
    }

    [TestMethod]
    public void Build_Dgx1CubeMesh_NonNeighboursGoThroughPcie()
    {
        Cluster c = ClusterBuilder.Build(new ClusterSpec("dgx-1-v100"));
        Route direct = c.Route(c.Accelerators[0], c.Accelerators[3]);
        Assert.AreEqual(1, direct.Hops);
        Assert.AreEqual(2 * 25e9 * 0.8, direct.Bottleneck.BytesPerSecond, 1e3);
        Route indirect = c.Route(c.Accelerators[0], c.Accelerators[5]);
        Assert.IsTrue(indirect.Links.All(l => c.Graph[l].Kind is LinkKind.Pcie or LinkKind.InterSocket));
        foreach (DeviceId gpu in c.Accelerators)
        {
            int nvlinks = c.Links.Where(l => l.From == gpu && l.Kind == LinkKind.NvLink).Sum(l => (int)Math.Round(l.SpecCapacity.GBps / 25));
            Assert.AreEqual(6, nvlinks, c.Graph[gpu].Name);
        }
    }

    [TestMethod]
    public void Build_BigBasinCubeMesh_GivesEachP100ItsFourNvLinks()
    {
        // NVLink 1.0: four 20 GB/s links per P100, one to each GPU of its quad and one to its counterpart.
        Cluster c = ClusterBuilder.Build(new ClusterSpec("big-basin-p100"));
        foreach (DeviceId gpu in c.Accelerators)
        {
            DirectedLink[] nvlinks = [.. c.Links.Where(l => l.From == gpu && l.Kind == LinkKind.NvLink)];
            Assert.HasCount(4, nvlinks, c.Graph[gpu].Name);
            Assert.IsTrue(nvlinks.All(l => Math.Abs(l.SpecCapacity.GBps - 20) < 1e-9), c.Graph[gpu].Name);
        }
    }

    [TestMethod]
    public void Build_TpuV4Pod_IsTorusWithSixNeighbours()
    {
        Cluster c = ClusterBuilder.Build(new ClusterSpec("tpu-v4-pod", 16));
        CollectionAssert.AreEqual(new[] { 4, 4, 4 }, c.TorusShape.ToArray());
        foreach (DeviceId chip in c.Accelerators)
        {
            Assert.AreEqual(6, c.Links.Count(l => l.From == chip && l.Kind == LinkKind.Ici));
        }

        Route r = c.Route(c.Accelerators[0], c.Accelerators[63]);
        Assert.AreEqual(3, r.Hops);
    }

    [TestMethod]
    public void Build_StorageTiers_AreLinksInTheGraph()
    {
        Cluster c = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 2)
        {
            Storage = [new StorageTierSpec(StorageTierKind.Lustre) { ReadBandwidth = ByteRate.Parse("100 GB/s") }, new StorageTierSpec(StorageTierKind.ObjectStore)],
        });
        Assert.HasCount(3, c.Storage);
        Route lustre = c.StorageReadRoute(StorageTierKind.Lustre, c.Accelerators[9]);
        Assert.AreEqual(VertexKind.Storage, c.Graph[lustre.From].Kind);
        Assert.IsTrue(lustre.Links.Any(l => c.Graph[l].Capacity == ByteRate.FromGBps(100)));
        Assert.AreEqual(Duration.FromMicroseconds(2300), lustre.Latency - Duration.FromMicroseconds(1.0));
        Route nvme = c.StorageReadRoute(StorageTierKind.LocalNvme, c.Accelerators[9]);
        Assert.AreEqual(1, c.NodeOf(nvme.From));
        Assert.AreEqual(ByteRate.FromMBps(7450), c.Graph[nvme.Links[0]].Capacity);
        Route s3 = c.StorageReadRoute(StorageTierKind.ObjectStore, c.Accelerators[0]);
        Assert.AreEqual(ByteRate.FromGigabitsPerSecond(6.5), s3.Bottleneck);
    }

    [TestMethod]
    public void Build_NfsWithoutBandwidth_ErrorNamesField()
    {
        TopologyException ex = Assert.ThrowsExactly<TopologyException>(() => ClusterBuilder.Build(
            new ClusterSpec("dgx-a100-80gb") { Storage = [new StorageTierSpec(StorageTierKind.Nfs)] }));
        Assert.AreEqual("cluster.storage[0].read_bandwidth", ex.Field);
    }

    [TestMethod]
    public void Build_GpuCountNotMultipleOfNode_ErrorNamesField()
    {
        TopologyException ex = Assert.ThrowsExactly<TopologyException>(() => ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb") { Gpus = 12 }));
        Assert.AreEqual("cluster.gpus", ex.Field);
        Assert.Contains("12 is not a multiple of gpus_per_node 8", ex.Message);
    }

    [TestMethod]
    [DataRow(0, "cluster.nodes")]
    [DataRow(-2, "cluster.nodes")]
    public void Build_BadNodeCount_ErrorNamesField(int nodes, string field)
    {
        TopologyException ex = Assert.ThrowsExactly<TopologyException>(() => ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", nodes)));
        Assert.AreEqual(field, ex.Field);
    }

    [TestMethod]
    public void Build_TooManyGpusPerNode_ErrorNamesField()
    {
        TopologyException ex = Assert.ThrowsExactly<TopologyException>(() => ClusterBuilder.Build(new ClusterSpec("dgx-h100") { GpusPerNode = 16 }));
        Assert.AreEqual("cluster.gpus_per_node", ex.Field);
    }

    [TestMethod]
    public void Build_MultiNodeWithoutNics_ErrorNamesScaleOutLink()
    {
        TopologyException ex = Assert.ThrowsExactly<TopologyException>(() => ClusterBuilder.Build(new ClusterSpec("hgx-a100", 2)));
        Assert.AreEqual("cluster.scale_out.link", ex.Field);
        Cluster ok = ClusterBuilder.Build(new ClusterSpec("hgx-a100", 2) { ScaleOut = new ScaleOutSpec { Link = "ib-hdr", NicsPerNode = 8 } });
        Assert.AreEqual(16, ok.AcceleratorCount);
    }

    [TestMethod]
    public void Build_UnknownSystem_ErrorNamesFieldAndNearest()
    {
        TopologyException ex = Assert.ThrowsExactly<TopologyException>(() => ClusterBuilder.Build(new ClusterSpec("dgx-a100")));
        Assert.AreEqual("cluster.system", ex.Field);
        Assert.Contains("dgx-a100-80gb", ex.Message);
    }

    [TestMethod]
    public void Build_BadOversubscription_ErrorNamesField()
    {
        TopologyException ex = Assert.ThrowsExactly<TopologyException>(() => ClusterBuilder.Build(
            new ClusterSpec("dgx-a100-80gb", 2) { ScaleOut = new ScaleOutSpec { Oversubscription = 0.5 } }));
        Assert.AreEqual("cluster.scale_out.oversubscription", ex.Field);
    }

    [TestMethod]
    public void Build_TorusShapeMismatch_ErrorNamesField()
    {
        TopologyException ex = Assert.ThrowsExactly<TopologyException>(() => ClusterBuilder.Build(
            new ClusterSpec("tpu-v4-pod", 16) { TorusShape = [4, 4, 8] }));
        Assert.AreEqual("cluster.torus_shape", ex.Field);
    }

    [TestMethod]
    public void Build_GpusPerNodeOverride_BuildsPartialNode()
    {
        Cluster c = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb") { GpusPerNode = 2 });
        Assert.AreEqual(2, c.AcceleratorCount);
        Assert.AreEqual(2, c.Route(c.Accelerators[0], c.Accelerators[1]).Hops);
    }

    [TestMethod]
    public void Build_1024GpuFatTree_RoutesEveryRingNeighbour()
    {
        // Its speed is measured by the topology benchmark, not asserted here.
        Cluster c = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 128));
        int hops = 0;
        for (int r = 0; r < c.AcceleratorCount; r++)
        {
            Route route = c.Route(c.Accelerators[r], c.Accelerators[(r + 1) % c.AcceleratorCount]);
            Assert.IsNotEmpty(route.Links);
            hops += route.Hops;
        }

        Assert.AreEqual(1024, c.AcceleratorCount);
        Assert.IsGreaterThan(1024, hops);
    }
}
