using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Tests.Collectives;

[TestClass]
public sealed class AlgorithmChoiceTests
{
    private static readonly Lazy<Cluster> s_dgx = new(() => ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb")));
    private static readonly Lazy<Cluster> s_big = new(() => ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 16)));

    [TestMethod]
    [DataRow(32.0 * 1024, NcclProtocol.LL)]
    [DataRow(4.0 * 1024 * 1024, NcclProtocol.LL128)]
    [DataRow(1024.0 * 1024 * 1024, NcclProtocol.Simple)]
    public void SingleNode_ChoosesRingAndProtocolBySize(double bytes, NcclProtocol expected)
    {
        CollectiveEstimate e = new CollectiveModel(s_dgx.Value).Estimate(new CollectiveRequest(CollectiveOp.AllReduce, s_dgx.Value.Accelerators, new Bytes(bytes)));
        Assert.AreEqual(CollectiveAlgorithm.Ring, e.Algorithm);
        Assert.AreEqual(expected, e.Protocol);
    }

    [TestMethod]
    public void ManyNodes_SmallMessage_ChoosesTree_LargeChoosesRing()
    {
        CollectiveModel model = new(s_big.Value);
        CollectiveEstimate small = model.Estimate(new CollectiveRequest(CollectiveOp.AllReduce, s_big.Value.Accelerators, Bytes.FromKiB(64)));
        CollectiveEstimate large = model.Estimate(new CollectiveRequest(CollectiveOp.AllReduce, s_big.Value.Accelerators, Bytes.FromGiB(1)));
        Assert.AreEqual(CollectiveAlgorithm.DoubleBinaryTree, small.Algorithm);
        Assert.AreEqual(CollectiveAlgorithm.Ring, large.Algorithm);
        Assert.AreEqual(8 * 25e9 * 0.96, large.BusBandwidthValue.BytesPerSecond, 8 * 25e9 * 0.1);
    }

    [TestMethod]
    public void Preferred_AppliesWhereItImplementsTheCollective_AutomaticElsewhere()
    {
        // As NCCL_ALGO=Tree: a 1 GiB all-reduce over 16 nodes runs on the tree NCCL would not choose, while an
        // all-gather, which the tree does not implement, keeps the automatic ring; a request's own algorithm wins.
        Cluster c = s_big.Value;
        var preferTree = new CollectiveModel(c) { Preferred = CollectiveAlgorithm.DoubleBinaryTree };
        var auto = new CollectiveModel(c);
        var allReduce = new CollectiveRequest(CollectiveOp.AllReduce, c.Accelerators, Bytes.FromGiB(1));
        var allGather = new CollectiveRequest(CollectiveOp.AllGather, c.Accelerators, Bytes.FromGiB(1));

        Assert.AreEqual(CollectiveAlgorithm.Ring, auto.Estimate(allReduce).Algorithm);
        Assert.AreEqual(CollectiveAlgorithm.DoubleBinaryTree, preferTree.Estimate(allReduce).Algorithm);
        Assert.AreEqual(auto.Estimate(allGather), preferTree.Estimate(allGather));
        Assert.AreEqual(CollectiveAlgorithm.Ring, preferTree.Estimate(allReduce with { Algorithm = CollectiveAlgorithm.Ring }).Algorithm);
    }

    [TestMethod]
    [DoNotParallelize]
    public void Estimate_IsMicrosecondsOnceGroupIsKnown()
    {
        CollectiveModel model = new(s_big.Value);
        CollectiveRequest r = new(CollectiveOp.AllReduce, s_big.Value.Accelerators, Bytes.FromMiB(256));
        model.Estimate(r);
        System.Diagnostics.Stopwatch sw = System.Diagnostics.Stopwatch.StartNew();
        const int Calls = 200;
        for (int i = 0; i < Calls; i++)
        {
            model.Estimate(r with { Size = Bytes.FromMiB(1 + i) });
        }

        double perCall = sw.Elapsed.TotalMicroseconds / Calls;
        Assert.IsLessThan(2000.0, perCall, $"{perCall:F1} us per estimate");
    }

    [TestMethod]
    public void ForcedAlgorithm_NotForOp_ErrorNamesAlgorithm()
    {
        ArgumentException ex = Assert.ThrowsExactly<ArgumentException>(() => new CollectiveModel(s_dgx.Value).Estimate(
            new CollectiveRequest(CollectiveOp.AllGather, s_dgx.Value.Accelerators, Bytes.FromMiB(1)) { Algorithm = CollectiveAlgorithm.DoubleBinaryTree }));
        Assert.Contains("algorithm", ex.Message);
    }

    [TestMethod]
    public void Group_WithDuplicateOrNonAccelerator_ErrorNamesIndex()
    {
        Cluster c = s_dgx.Value;
        ArgumentException dup = Assert.ThrowsExactly<ArgumentException>(() => new CollectiveModel(c).Estimate(
            new CollectiveRequest(CollectiveOp.AllReduce, [c.Accelerators[0], c.Accelerators[0]], Bytes.FromMiB(1))));
        Assert.Contains("group[1]", dup.Message);
        DeviceId nic = c.Graph.OfKind(VertexKind.NvSwitch).First().Id;
        ArgumentException notGpu = Assert.ThrowsExactly<ArgumentException>(() => new CollectiveModel(c).Estimate(
            new CollectiveRequest(CollectiveOp.AllReduce, [c.Accelerators[0], nic], Bytes.FromMiB(1))));
        Assert.Contains("group[1]", notGpu.Message);
    }

    [TestMethod]
    public void BusBandwidth_FollowsNcclTestsDefinitions()
    {
        Assert.AreEqual(1.75, BusBandwidth.Factor(CollectiveOp.AllReduce, 8), 1e-12);
        Assert.AreEqual(0.875, BusBandwidth.Factor(CollectiveOp.AllGather, 8), 1e-12);
        Assert.AreEqual(0.875, BusBandwidth.Factor(CollectiveOp.AllToAll, 8), 1e-12);
        Assert.AreEqual(1.0, BusBandwidth.Factor(CollectiveOp.Broadcast, 8), 1e-12);
        ByteRate bus = BusBandwidth.Bus(CollectiveOp.AllReduce, 8, Bytes.FromGB(1), Duration.FromMilliseconds(10));
        Assert.AreEqual(175e9, bus.BytesPerSecond, 1e-3);
    }

    [TestMethod]
    public void RingBandwidth_UsesCatalogLinksTimesNcclEfficiency()
    {
        Cluster h200 = ClusterBuilder.Build(new ClusterSpec("hgx-h200"));
        CollectiveEstimate e = new CollectiveModel(h200).Estimate(new CollectiveRequest(CollectiveOp.AllReduce, h200.Accelerators, Bytes.FromGiB(16)) { Algorithm = CollectiveAlgorithm.Ring });
        Assert.AreEqual(450e9 * 20.6 / 25, e.Bandwidth.BytesPerSecond, 1e3);
    }
}
