using DeepScale.Core.Units;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Tests.Topology;

[TestClass]
public sealed class RouterTests
{
    [TestMethod]
    public void Find_DisconnectedVertices_ThrowsNamingBoth()
    {
        TopologyGraphBuilder b = new();
        DeviceId a = b.AddVertex(VertexKind.Accelerator, "a", 0, 0, false);
        DeviceId c = b.AddVertex(VertexKind.Accelerator, "c", 1, 0, false);
        Router router = new(b.Build(), composeThroughNics: false);
        TopologyException ex = Assert.ThrowsExactly<TopologyException>(() => router.Find(a, c));
        Assert.AreEqual("topology", ex.Field);
        Assert.Contains("no route from a to c", ex.Message);
    }

    [TestMethod]
    public void Find_NeverPassesThroughAnEndpoint()
    {
        TopologyGraphBuilder b = new();
        DeviceId a = b.AddVertex(VertexKind.Accelerator, "a", 0, 0, false);
        DeviceId mid = b.AddVertex(VertexKind.Accelerator, "mid", 0, 1, false);
        DeviceId c = b.AddVertex(VertexKind.Accelerator, "c", 0, 2, false);
        DeviceId sw = b.AddVertex(VertexKind.PcieSwitch, "sw", 0, 0, true);
        ByteRate r = ByteRate.FromGBps(10);
        b.AddDuplex(a, mid, LinkKind.NvLink, r, r, Duration.FromMicroseconds(1), "test");
        b.AddDuplex(mid, c, LinkKind.NvLink, r, r, Duration.FromMicroseconds(1), "test");
        b.AddDuplex(a, sw, LinkKind.Pcie, r, r, Duration.FromMicroseconds(1), "test");
        b.AddDuplex(sw, c, LinkKind.Pcie, r, r, Duration.FromMicroseconds(1), "test");
        TopologyGraph g = b.Build();
        Route route = new Router(g, composeThroughNics: false).Find(a, c);
        Assert.AreEqual(sw, g[route.Links[0]].To);
        Assert.AreEqual(Duration.FromMicroseconds(2), route.Latency);
    }

    [TestMethod]
    public void AddLink_NonPositiveCapacity_Throws()
    {
        TopologyGraphBuilder b = new();
        DeviceId a = b.AddVertex(VertexKind.Accelerator, "a", 0, 0, false);
        DeviceId c = b.AddVertex(VertexKind.Accelerator, "c", 0, 1, false);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => b.AddLink(a, c, LinkKind.NvLink, ByteRate.Zero, ByteRate.Zero, Duration.Zero, "x"));
    }

    [TestMethod]
    public void Route_SameDevice_IsEmpty()
    {
        Cluster c = ClusterBuilder.Build(new ClusterSpec("dgx-h100"));
        Route r = c.Route(c.Accelerators[2], c.Accelerators[2]);
        Assert.AreEqual(0, r.Hops);
        Assert.AreEqual(Duration.Zero, r.TransferTime(Bytes.FromMiB(1)));
    }
}
