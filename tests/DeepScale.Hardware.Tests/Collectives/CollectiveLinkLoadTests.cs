using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Tests.Collectives;

/// <summary>Analytical cross-check of the link-load view: per-link wire bytes and the parts that rebuild the estimate.</summary>
[TestClass]
public sealed class CollectiveLinkLoadTests
{
    private static readonly Lazy<Cluster> s_dgx = new(() => ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb")));
    private static readonly Lazy<Cluster> s_four = new(() => ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 4)));

    [TestMethod]
    [DataRow(1, CollectiveOp.AllReduce, CollectiveAlgorithm.Ring, 1024.0)]
    [DataRow(4, CollectiveOp.AllReduce, CollectiveAlgorithm.Ring, 256.0)]
    [DataRow(4, CollectiveOp.AllReduce, CollectiveAlgorithm.Ring, 0.125)]
    [DataRow(4, CollectiveOp.AllGather, CollectiveAlgorithm.Ring, 256.0)]
    [DataRow(1, CollectiveOp.ReduceScatter, CollectiveAlgorithm.Ring, 256.0)]
    [DataRow(4, CollectiveOp.AllReduce, CollectiveAlgorithm.RecursiveHalvingDoubling, 256.0)]
    [DataRow(4, CollectiveOp.AllReduce, CollectiveAlgorithm.Hierarchical, 256.0)]
    [DataRow(4, CollectiveOp.AllToAll, CollectiveAlgorithm.Direct, 256.0)]
    public void BandwidthBound_BottleneckPlusLatencyReproducesEstimate(int nodes, CollectiveOp op, CollectiveAlgorithm algorithm, double mib)
    {
        Cluster c = nodes == 1 ? s_dgx.Value : s_four.Value;
        CollectiveLinkLoad load = new CollectiveModel(c).LinkLoad(new CollectiveRequest(op, c.Accelerators, Bytes.FromMiB(mib)) { Algorithm = algorithm });
        Duration fromLoads = load.StartDelay + new Duration(load.Phases.Sum(p => (p.BottleneckTime + p.Latency).Ticks));
        Assert.AreEqual(load.Estimate.Time.Seconds, fromLoads.Seconds, 1e-6 * load.Estimate.Time.Seconds);
        foreach (LinkLoadPhase p in load.Phases)
        {
            Assert.AreEqual(0, p.OffBottleneck.Seconds, 1e-6 * load.Estimate.Time.Seconds);
        }
    }

    [TestMethod]
    [DataRow(1, CollectiveOp.AllReduce, CollectiveAlgorithm.DoubleBinaryTree, 64.0)]
    [DataRow(4, CollectiveOp.AllReduce, CollectiveAlgorithm.DoubleBinaryTree, 64.0)]
    [DataRow(1, CollectiveOp.Broadcast, CollectiveAlgorithm.Ring, 64.0)]
    public void Pipelines_OffBottleneckTimeCarriesFillAndDrain(int nodes, CollectiveOp op, CollectiveAlgorithm algorithm, double mib)
    {
        Cluster c = nodes == 1 ? s_dgx.Value : s_four.Value;
        CollectiveLinkLoad load = new CollectiveModel(c).LinkLoad(new CollectiveRequest(op, c.Accelerators, Bytes.FromMiB(mib)) { Algorithm = algorithm });
        Assert.AreEqual(load.Estimate.Time.Seconds, load.UncontendedTime.Seconds, 1e-6 * load.Estimate.Time.Seconds);
        Assert.IsGreaterThan(0.0, load.Phases[0].OffBottleneck.Seconds);
    }

    [TestMethod]
    public void RingAllReduceOnNvSwitch_EveryPortCarriesTwoNMinusOneOverNTimesS()
    {
        Cluster c = s_dgx.Value;
        Bytes size = Bytes.FromGiB(1);
        CollectiveLinkLoad load = new CollectiveModel(c).LinkLoad(new CollectiveRequest(CollectiveOp.AllReduce, c.Accelerators, size) { Protocol = NcclProtocol.Simple });
        Assert.HasCount(1, load.Phases);
        LinkLoadPhase phase = load.Phases[0];
        Assert.HasCount(16, phase.Links);
        foreach (Bytes b in phase.Loads)
        {
            Assert.AreEqual(2.0 * 7 / 8 * size.Count, b.Count, 1);
        }

        Assert.AreEqual(2.0 * 7 / 8 * size.Count, phase.StreamBytes.Count, 1);
        Assert.AreEqual(16 * 2.0 * 7 / 8 * size.Count, load.TotalLoads().Sum(l => l.Load.Count), 16);
    }

    [TestMethod]
    public void RingAllReduceOverRails_EachNicCarriesOneRingEdge()
    {
        Cluster c = s_four.Value;
        Bytes size = Bytes.FromGiB(1);
        CollectiveLinkLoad load = new CollectiveModel(c).LinkLoad(new CollectiveRequest(CollectiveOp.AllReduce, c.Accelerators, size) { Algorithm = CollectiveAlgorithm.Ring, Protocol = NcclProtocol.Simple });
        int n = 32;
        int rings = 8;
        double perEdge = 2.0 * (n - 1) * size.Count / (n * (double)rings);
        foreach ((LinkId link, Bytes bytes) in load.TotalLoads())
        {
            DirectedLink d = c.Graph[link];
            if (c.Graph[d.From].Kind == VertexKind.Nic && d.Kind == LinkKind.Network)
            {
                Assert.AreEqual(perEdge, bytes.Count, 1);
            }
        }
    }

    [TestMethod]
    public void HalvingDoubling_HasOnePhasePerRound()
    {
        Cluster c = s_dgx.Value;
        CollectiveLinkLoad load = new CollectiveModel(c).LinkLoad(new CollectiveRequest(CollectiveOp.AllReduce, c.Accelerators, Bytes.FromMiB(64)) { Algorithm = CollectiveAlgorithm.RecursiveHalvingDoubling });
        Assert.HasCount(6, load.Phases);
        Assert.AreEqual(32.0 * Bytes.MiB, load.Phases[0].StreamBytes.Count, 1);
        Assert.AreEqual(8.0 * Bytes.MiB, load.Phases[2].StreamBytes.Count, 1);
    }
}
