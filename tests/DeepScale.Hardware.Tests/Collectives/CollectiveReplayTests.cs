using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Resources;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Tests.Collectives;

/// <summary>Analytical cross-check: the event-driven replay of a collective alone agrees with the analytical estimate.</summary>
[TestClass]
public sealed class CollectiveReplayTests
{
    private static readonly Lazy<Cluster> s_dgx = new(() => ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb")));
    private static readonly Lazy<Cluster> s_two = new(() => ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 2)));
    private static readonly Lazy<Cluster> s_four = new(() => ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 4)));
    private static readonly Lazy<Cluster> s_sixteen = new(() => ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 16)));

    [TestMethod]
    [DataRow(CollectiveOp.AllReduce, CollectiveAlgorithm.Ring, 1024.0)]
    [DataRow(CollectiveOp.AllReduce, CollectiveAlgorithm.Ring, 64.0)]
    [DataRow(CollectiveOp.AllReduce, CollectiveAlgorithm.Ring, 0.0625)]
    [DataRow(CollectiveOp.AllReduce, CollectiveAlgorithm.DoubleBinaryTree, 64.0)]
    [DataRow(CollectiveOp.AllReduce, CollectiveAlgorithm.RecursiveHalvingDoubling, 256.0)]
    [DataRow(CollectiveOp.AllReduce, CollectiveAlgorithm.Hierarchical, 256.0)]
    [DataRow(CollectiveOp.AllGather, CollectiveAlgorithm.Ring, 256.0)]
    [DataRow(CollectiveOp.ReduceScatter, CollectiveAlgorithm.Ring, 256.0)]
    [DataRow(CollectiveOp.AllGather, CollectiveAlgorithm.RecursiveHalvingDoubling, 64.0)]
    [DataRow(CollectiveOp.AllToAll, CollectiveAlgorithm.Direct, 256.0)]
    [DataRow(CollectiveOp.Broadcast, CollectiveAlgorithm.Ring, 64.0)]
    public void SingleNode_ReplayMatchesEstimate_WithinOnePercent(CollectiveOp op, CollectiveAlgorithm algorithm, double mib)
    {
        Cluster c = s_dgx.Value;
        AssertAgree(c, new CollectiveRequest(op, c.Accelerators, Bytes.FromMiB(mib)) { Algorithm = algorithm, Root = op == CollectiveOp.Broadcast ? 3 : 0 });
    }

    [TestMethod]
    [DataRow(2, CollectiveOp.AllReduce, CollectiveAlgorithm.Ring, 256.0)]
    [DataRow(4, CollectiveOp.AllReduce, CollectiveAlgorithm.Ring, 1.0)]
    [DataRow(16, CollectiveOp.AllReduce, CollectiveAlgorithm.Ring, 1024.0)]
    [DataRow(2, CollectiveOp.AllReduce, CollectiveAlgorithm.DoubleBinaryTree, 64.0)]
    [DataRow(16, CollectiveOp.AllReduce, CollectiveAlgorithm.DoubleBinaryTree, 256.0)]
    [DataRow(4, CollectiveOp.AllReduce, CollectiveAlgorithm.RecursiveHalvingDoubling, 256.0)]
    [DataRow(16, CollectiveOp.AllReduce, CollectiveAlgorithm.RecursiveHalvingDoubling, 64.0)]
    [DataRow(2, CollectiveOp.AllReduce, CollectiveAlgorithm.Hierarchical, 256.0)]
    [DataRow(16, CollectiveOp.AllReduce, CollectiveAlgorithm.Hierarchical, 512.0)]
    [DataRow(4, CollectiveOp.AllGather, CollectiveAlgorithm.Ring, 256.0)]
    [DataRow(16, CollectiveOp.ReduceScatter, CollectiveAlgorithm.Ring, 256.0)]
    [DataRow(2, CollectiveOp.AllToAll, CollectiveAlgorithm.Direct, 256.0)]
    [DataRow(16, CollectiveOp.AllToAll, CollectiveAlgorithm.Direct, 128.0)]
    [DataRow(4, CollectiveOp.Broadcast, CollectiveAlgorithm.Ring, 128.0)]
    public void MultiNode_ReplayMatchesEstimate_WithinOnePercent(int nodes, CollectiveOp op, CollectiveAlgorithm algorithm, double mib)
    {
        Cluster c = nodes switch { 2 => s_two.Value, 4 => s_four.Value, _ => s_sixteen.Value };
        AssertAgree(c, new CollectiveRequest(op, c.Accelerators, Bytes.FromMiB(mib)) { Algorithm = algorithm, Root = op == CollectiveOp.Broadcast ? 5 : 0 });
    }

    [TestMethod]
    [DataRow(0.03125)]
    [DataRow(4.0)]
    [DataRow(512.0)]
    public void NcclChoice_ReplayUsesTheSameAlgorithmAndProtocol(double mib)
    {
        Cluster c = s_four.Value;
        CollectiveRequest r = new(CollectiveOp.AllReduce, c.Accelerators, Bytes.FromMiB(mib));
        CollectiveEstimate analytical = new CollectiveModel(c).Estimate(r);
        CollectiveReplayResult replay = AssertAgree(c, r);
        Assert.AreEqual(analytical.Algorithm, replay.Estimate.Algorithm);
        Assert.AreEqual(analytical.Protocol, replay.Estimate.Protocol);
        Assert.AreEqual(CollectiveFidelity.Replay, replay.Fidelity);
    }

    [TestMethod]
    public void EveryStepAsItsOwnBundle_AgreesWithMergedRounds()
    {
        Cluster c = s_two.Value;
        CollectiveRequest r = new(CollectiveOp.AllReduce, c.Accelerators, Bytes.FromMiB(64)) { Algorithm = CollectiveAlgorithm.Ring };
        CollectiveReplayResult merged = CollectiveReplay.Run(c, r, new CollectiveReplayOptions { MaxRoundsPerRun = 4, MaxLinksPerTransfer = 16 });
        CollectiveReplayResult full = CollectiveReplay.Run(c, r, new CollectiveReplayOptions { MaxRoundsPerRun = int.MaxValue });
        Assert.AreEqual(2 * 15, full.Rounds);
        Assert.AreEqual(4, merged.Rounds);
        Assert.IsGreaterThan(merged.Rounds, merged.Transfers);
        Assert.AreEqual(full.Time.Seconds, merged.Time.Seconds, 1e-9);
    }

    [TestMethod]
    public void Start_SharesLinksWithOtherTrafficOnTheSameNetwork()
    {
        Cluster c = s_dgx.Value;
        Simulation sim = new();
        ClusterLinks links = new(new FairShareNetwork(sim), c);
        CollectiveReplay replay = new(links);
        CollectiveRequest r = new(CollectiveOp.AllGather, c.Accelerators, Bytes.FromGiB(1)) { Algorithm = CollectiveAlgorithm.Ring };
        var run = replay.Start(r);

        // A foreign stream on GPU 0's NVSwitch uplink takes half of it for as long as the all-gather runs.
        Route up = c.Route(c.Accelerators[0], c.Accelerators[1]);
        BandwidthLink port = links[up.Links[0]];
        links.Network.Transfer(Bytes.FromGiB(100), [port]);
        sim.Run(run);
        Assert.IsGreaterThan(1.8, run.Value.Slowdown);
    }

    [TestMethod]
    public void Start_RequestOnForeignModel_ErrorNamesModel()
    {
        Simulation sim = new();
        ArgumentException ex = Assert.ThrowsExactly<ArgumentException>(() =>
            new CollectiveReplay(new ClusterLinks(new FairShareNetwork(sim), s_dgx.Value), new CollectiveModel(s_two.Value)));
        Assert.Contains("model", ex.Message);
        ArgumentException bad = Assert.ThrowsExactly<ArgumentException>(() => CollectiveReplay.Run(s_dgx.Value,
            new CollectiveRequest(CollectiveOp.AllReduce, s_dgx.Value.Accelerators, Bytes.FromMiB(1)), new CollectiveReplayOptions { MaxRoundsPerRun = 0 }));
        Assert.Contains("max_rounds_per_run", bad.Message);
    }

    [TestMethod]
    [DoNotParallelize]
    public void Ring1024_ReplayMatchesEstimateAtDefaultAndFullResolution()
    {
        Cluster c = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 128));
        CollectiveRequest r = new(CollectiveOp.AllReduce, c.Accelerators, Bytes.FromGiB(1)) { Algorithm = CollectiveAlgorithm.Ring };
        Stopwatch sw = Stopwatch.StartNew();
        CollectiveReplayResult cold = CollectiveReplay.Run(c, r);
        double coldMs = sw.Elapsed.TotalMilliseconds;
        CollectiveModel model = new(c);
        model.Estimate(r);
        sw.Restart();
        CollectiveReplayResult warm = CollectiveReplay.Run(c, r, model: model);
        double warmMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        CollectiveReplayResult full = CollectiveReplay.Run(c, r, new CollectiveReplayOptions { MaxRoundsPerRun = int.MaxValue }, model);
        double fullMs = sw.Elapsed.TotalMilliseconds;
        Assert.AreEqual(1.0, warm.Slowdown, 0.01);
        Assert.AreEqual(1.0, full.Slowdown, 0.01);
        Assert.AreEqual(64, warm.Rounds);
        Assert.AreEqual(2 * 1023, full.Rounds);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "replay-1024.txt"), string.Create(CultureInfo.InvariantCulture,
            $"1024-GPU ring all-reduce 1 GiB: cold {coldMs:F0} ms (incl. routing), warm {warmMs:F0} ms ({warm.Rounds} rounds, {warm.Transfers} transfers), " +
            $"every step {fullMs:F0} ms ({full.Rounds} rounds, {full.Transfers} transfers); replayed {warm.Time} vs analytical {warm.Analytical.Time}"));
    }

    private static CollectiveReplayResult AssertAgree(Cluster cluster, CollectiveRequest request)
    {
        CollectiveEstimate estimate = new CollectiveModel(cluster).Estimate(request);
        CollectiveReplayResult replay = CollectiveReplay.Run(cluster, request);
        Assert.AreEqual(estimate, replay.Analytical);
        Assert.AreEqual(estimate.Algorithm, replay.Estimate.Algorithm);
        double ratio = replay.Time / estimate.Time;
        Assert.IsLessThan(0.01, Math.Abs(ratio - 1),
            $"{request.Op} {estimate.Algorithm}/{estimate.Protocol} {request.Size} on {request.Ranks}: analytical {estimate.Time}, replay {replay.Time}");
        return replay;
    }
}
