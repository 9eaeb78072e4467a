using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Tests.Collectives;

/// <summary>Analytical cross-check: the analytical estimate and a flow-level evaluation of the step list agree.</summary>
[TestClass]
public sealed class PlanConsistencyTests
{
    private static readonly Lazy<Cluster> s_dgx = new(() => ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb")));
    private static readonly Lazy<Cluster> s_twoNodes = new(() => ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 2)));
    private static readonly Lazy<Cluster> s_fourSmall = new(() => ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 4) { GpusPerNode = 2 }));

    [TestMethod]
    [DataRow(CollectiveOp.AllReduce, CollectiveAlgorithm.Ring, 1024.0)]
    [DataRow(CollectiveOp.AllReduce, CollectiveAlgorithm.Ring, 1.0)]
    [DataRow(CollectiveOp.ReduceScatter, CollectiveAlgorithm.Ring, 256.0)]
    [DataRow(CollectiveOp.AllGather, CollectiveAlgorithm.Ring, 256.0)]
    [DataRow(CollectiveOp.AllReduce, CollectiveAlgorithm.RecursiveHalvingDoubling, 256.0)]
    [DataRow(CollectiveOp.AllGather, CollectiveAlgorithm.RecursiveHalvingDoubling, 64.0)]
    [DataRow(CollectiveOp.AllToAll, CollectiveAlgorithm.Direct, 256.0)]
    public void SingleNode_EstimateMatchesStepList_WithinOnePercent(CollectiveOp op, CollectiveAlgorithm algorithm, double mib)
    {
        AssertAgree(s_dgx.Value, new CollectiveRequest(op, s_dgx.Value.Accelerators, Bytes.FromMiB(mib)) { Algorithm = algorithm }, 0.01);
    }

    [TestMethod]
    public void NonPowerOfTwoHalvingDoubling_FoldsExtraRanks_Agrees()
    {
        Cluster c = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb") { GpusPerNode = 6 });
        CollectiveRequest r = new(CollectiveOp.AllReduce, c.Accelerators, Bytes.FromMiB(96)) { Algorithm = CollectiveAlgorithm.RecursiveHalvingDoubling };
        CollectivePlan plan = new CollectiveModel(c).Plan(r);
        Assert.AreEqual(2 + (2 * 2 * 4) + 2, plan.Steps.Length);
        AssertAgree(c, r, 0.01);
    }

    [TestMethod]
    public void Broadcast_PipelinedChain_Agrees()
    {
        AssertAgree(s_dgx.Value, new CollectiveRequest(CollectiveOp.Broadcast, s_dgx.Value.Accelerators, Bytes.FromMiB(64)) { Root = 3 }, 0.02);
    }

    [TestMethod]
    public void TwoNodes_RingOnRails_AgreesWithinThreePercent()
    {
        AssertAgree(s_twoNodes.Value, new CollectiveRequest(CollectiveOp.AllReduce, s_twoNodes.Value.Accelerators, Bytes.FromMiB(256)) { Algorithm = CollectiveAlgorithm.Ring }, 0.03);
    }

    [TestMethod]
    public void TwoNodes_Hierarchical_AgreesWithinThreePercent()
    {
        AssertAgree(s_twoNodes.Value, new CollectiveRequest(CollectiveOp.AllReduce, s_twoNodes.Value.Accelerators, Bytes.FromMiB(256)) { Algorithm = CollectiveAlgorithm.Hierarchical }, 0.03);
    }

    [TestMethod]
    public void FourNodes_DoubleBinaryTree_AgreesWithinEightPercent()
    {
        AssertAgree(s_fourSmall.Value, new CollectiveRequest(CollectiveOp.AllReduce, s_fourSmall.Value.Accelerators, Bytes.FromMiB(64)) { Algorithm = CollectiveAlgorithm.DoubleBinaryTree }, 0.08);
    }

    [TestMethod]
    public void SendRecv_AcrossNodes_MatchesRouteTime()
    {
        Cluster c = s_twoNodes.Value;
        CollectiveRequest r = new(CollectiveOp.SendRecv, [c.Accelerators[0], c.Accelerators[8]], Bytes.FromMiB(64));
        AssertAgree(c, r, 0.001);
        CollectiveEstimate e = new CollectiveModel(c).Estimate(r);
        Assert.AreEqual(25e9 * 0.96, e.AlgorithmBandwidth.BytesPerSecond, 25e9 * 0.05);
    }

    [TestMethod]
    public void SendRecv_OverEightNvSwitchRanks_IsOneShiftAlongTheRingAtOneHopsTime()
    {
        // Every rank sends to its neighbour at once (a ring-exchange step): on NVSwitch each flow has its own GPU
        // links, so the shift takes what one send/recv between two of the ranks takes.
        Cluster c = s_dgx.Value;
        var model = new CollectiveModel(c);
        CollectiveRequest shift = new(CollectiveOp.SendRecv, c.Accelerators, Bytes.FromMiB(32));
        AssertAgree(c, shift, 0.001);
        CollectiveEstimate pair = model.Estimate(new CollectiveRequest(CollectiveOp.SendRecv, [c.Accelerators[0], c.Accelerators[1]], Bytes.FromMiB(32)));
        Assert.AreEqual(pair.Time.Seconds, model.Estimate(shift).Time.Seconds, 1e-9);
        Assert.HasCount(8, model.Plan(shift).Steps);
    }

    [TestMethod]
    public void RingPlan_HasTwoNMinusOneStepsPerRankAndCarriesTheData()
    {
        Cluster c = s_dgx.Value;
        CollectivePlan plan = new CollectiveModel(c).Plan(new CollectiveRequest(CollectiveOp.AllReduce, c.Accelerators, Bytes.FromMiB(8)) { Algorithm = CollectiveAlgorithm.Ring, Protocol = NcclProtocol.Simple });
        Assert.HasCount(2 * 7 * 8, plan.Steps);
        Assert.AreEqual(2.0 * 7 / 8 * 8 * Bytes.MiB * 8, plan.TotalPayload.Count, 1);
        foreach (TransferStep s in plan.Steps)
        {
            foreach (int d in plan.DependenciesOf(s.Id))
            {
                Assert.IsLessThan(s.Id, d);
                Assert.AreEqual(s.Source, plan.Steps[d].Destination, "a ring step forwards what it received");
            }
        }
    }

    [TestMethod]
    public void LlProtocol_InflatesWireBytes()
    {
        Cluster c = s_dgx.Value;
        CollectivePlan plan = new CollectiveModel(c).Plan(new CollectiveRequest(CollectiveOp.AllReduce, c.Accelerators, Bytes.FromKiB(64)) { Protocol = NcclProtocol.LL });
        Assert.AreEqual(NcclProtocol.LL, plan.Estimate.Protocol);
        Assert.AreEqual(4.0, plan.Steps[0].WireBytes / plan.Steps[0].Payload, 1e-9);
    }

    private static void AssertAgree(Cluster cluster, CollectiveRequest request, double tolerance)
    {
        CollectiveModel model = new(cluster);
        CollectiveEstimate estimate = model.Estimate(request);
        CollectivePlan plan = model.Plan(request);
        Assert.AreEqual(estimate, plan.Estimate);
        Duration replayed = StepListEvaluator.Evaluate(plan, cluster);
        double ratio = replayed / estimate.Time;
        Assert.IsLessThan(tolerance, Math.Abs(ratio - 1),
            $"{request.Op} {estimate.Algorithm}/{estimate.Protocol} {request.Size}: analytical {estimate.Time}, step list {replayed}");
    }
}
