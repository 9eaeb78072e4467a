using System.Diagnostics;
using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Des.Resources;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;
using DeepScale.Parallelism.Strategies;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Models;

namespace DeepScale.Replay.Tests;

/// <summary>The flow-level network model: agrees with the analytical one where nothing contends, slower where traffic shares links.</summary>
[TestClass]
public sealed class FlowNetworkModelTests
{
    private static readonly ComputeCostModel A100 = ComputeCostModel.ForAccelerator(HardwareCatalog.Default.Accelerator("a100-sxm4-80gb"));

    [TestMethod]
    public void Replay_NothingContends_AgreesWithAnalyticalWithinOnePercent()
    {
        // Tensor groups inside a node on NVSwitch, pipeline transfers rail to rail: no two flows share a link.
        TrainingLayout layout = new() { Tensor = 8, Pipeline = 2, GlobalBatch = 8, Recompute = RecomputeMode.Full };
        Cluster cluster = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 2));
        TrainingSchedule schedule = TrainingScheduleBuilder.Build(ModelZoo.Get("gpt3-1.7b"), layout, A100);
        (ReplayOutput analytical, _) = Replay(schedule, cluster, flow: false);
        (ReplayOutput flow, _) = Replay(schedule, cluster, flow: true);
        Assert.AreEqual(analytical.IterationTime.Seconds, flow.IterationTime.Seconds, 0.01 * analytical.IterationTime.Seconds);
        Assert.AreEqual(analytical.Breakdown[TimeCategory.ExposedTpComm].Seconds, flow.Breakdown[TimeCategory.ExposedTpComm].Seconds,
            0.01 * analytical.Breakdown[TimeCategory.ExposedTpComm].Seconds);
    }

    [TestMethod]
    public void Replay_DataParallelGroupsShareOversubscribedSpine_IsSlower()
    {
        // Eight data-parallel rings (one per tensor rank, each on its own rail) cross leaves whose uplinks are
        // oversubscribed 4:1, so several rings share each uplink; the analytical model sees each ring alone.
        TrainingLayout layout = new()
        {
            Tensor = 8,
            Data = 4,
            GlobalBatch = 16,
            Overlap = new OverlapOptions { GradReduce = false },
        };
        ScaleOutSpec scaleOut = new() { LeafDownlinks = 16, Oversubscription = 4 };
        Cluster shared = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 4) { ScaleOut = scaleOut });
        TrainingSchedule schedule = TrainingScheduleBuilder.Build(ModelZoo.Get("gpt3-1.7b"), layout, A100);
        (ReplayOutput analytical, _) = Replay(schedule, shared, flow: false);
        (ReplayOutput flow, _) = Replay(schedule, shared, flow: true);
        double analyticalDp = analytical.Breakdown[TimeCategory.ExposedDpComm].Seconds;
        double flowDp = flow.Breakdown[TimeCategory.ExposedDpComm].Seconds;
        Assert.IsGreaterThan(1.5 * analyticalDp, flowDp, $"exposed data-parallel communication: analytical {analyticalDp}, flow {flowDp}");
        Assert.IsGreaterThan(analytical.IterationTime.Seconds, flow.IterationTime.Seconds);

        // With all four nodes on one leaf no uplink is crossed, every ring has its own NIC and leaf ports, and the
        // two models agree again.
        Cluster oneLeaf = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 4) { ScaleOut = new ScaleOutSpec { LeafDownlinks = 32 } });
        (ReplayOutput a1, _) = Replay(schedule, oneLeaf, flow: false);
        (ReplayOutput f1, _) = Replay(schedule, oneLeaf, flow: true);
        Assert.AreEqual(a1.IterationTime.Seconds, f1.IterationTime.Seconds, 0.01 * a1.IterationTime.Seconds);
    }

    [TestMethod]
    public void Collective_RingsOfEveryStageOnNonBlockingFatTree_ContendOnlyUnderHashing()
    {
        // 128 DGX A100 on the preset's non-blocking fat tree (a node's 8 NICs on one 32-port leaf, 4 nodes per leaf,
        // 32 spines): every data-parallel ring of a TP 8 · PP 8 · DP 16 layout (nodes s, s + 8, …, one ring per
        // pipeline stage and tensor rank) reduces at once. Under D-mod-K, InfiniBand's routing, the ring edges of one leaf go to
        // distinct destination ports, so to distinct spines: a shift permutation meets no other flow (Zahavi 2010)
        // and all 64 rings take the time of one. ECMP hashing puts some edges on the same uplink: slower.
        var grid = new RankGrid(8, 8, 16, RankPlacement.TensorPipelineData);
        Bytes size = Bytes.FromGiB(1);
        double Time(FabricRouting routing, bool everyStage)
        {
            Cluster cluster = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 128) { ScaleOut = new ScaleOutSpec { Routing = routing } });
            Simulation sim = new();
            FlowNetworkModel model = new(sim, new CollectiveModel(cluster));
            List<IReadOnlyList<DeviceId>> groups = [];
            for (int stage = 0; stage < (everyStage ? 8 : 1); stage++)
            {
                for (int t = 0; t < 8; t++)
                {
                    groups.Add([.. grid.DataGroup(new RankCoordinates(0, stage, t)).Select(r => cluster.Accelerators[r])]);
                }
            }

            sim.Run(model.Collective(CollectiveOp.ReduceScatter, groups, size));
            return (sim.Now - SimTime.Zero).Seconds;
        }

        double alone = Time(FabricRouting.DestinationModulo, everyStage: false);
        Assert.AreEqual(alone, Time(FabricRouting.DestinationModulo, everyStage: true), 1e-9 * alone);
        Assert.AreEqual(alone, Time(FabricRouting.Ecmp, everyStage: false), 1e-9 * alone);
        Assert.IsGreaterThan(1.2 * alone, Time(FabricRouting.Ecmp, everyStage: true));
    }

    [TestMethod]
    public void Collective_MirrorCopiesOnOneNic_ShareIt()
    {
        // Two copies of a send/recv pair whose routes both cross node 0's NIC 0 take twice as long as one.
        Cluster cluster = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 2));
        Simulation sim = new();
        FlowNetworkModel model = new(sim, new CollectiveModel(cluster));
        DeviceId a = cluster.Accelerators[0];
        DeviceId b = cluster.Accelerators[1];
        DeviceId far = cluster.Accelerators[8];
        Route ra = cluster.Route(a, far);
        Route rb = cluster.Route(b, far);
        Assert.IsTrue(ra.Links.Intersect(rb.Links).Any());
        Bytes size = Bytes.FromMiB(256);
        Event one = model.PointToPoint([(a, far)], size);
        sim.Run(one);
        Duration single = sim.Now - SimTime.Zero;
        SimTime start = sim.Now;
        Event two = model.PointToPoint([(a, far), (b, far)], size);
        sim.Run(two);
        Duration shared = sim.Now - start;
        Duration wire = size / ra.Bottleneck;
        Assert.AreEqual((single + wire).Seconds, shared.Seconds, 0.01 * shared.Seconds);
    }

    [TestMethod]
    public void Constructor_LinksOfAnotherSimulation_ErrorNamesLinks()
    {
        Cluster cluster = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb"));
        ClusterLinks foreign = new(new FairShareNetwork(new Simulation()), cluster);
        ArgumentException ex = Assert.ThrowsExactly<ArgumentException>(() => new FlowNetworkModel(new Simulation(), new CollectiveModel(cluster), foreign));
        Assert.Contains("links", ex.Message);
    }

    [TestMethod]
    [DoNotParallelize]
    public void Gpt3On1024Gpus_SymmetricReplay_SameCallsAndNoFasterThanAnalytical()
    {
        TrainingLayout layout = new()
        {
            Tensor = 8,
            Pipeline = 16,
            Data = 8,
            GlobalBatch = 1536,
            MicroBatch = 1,
            Recompute = RecomputeMode.Full,
            Overlap = new OverlapOptions { GradReduce = true },
        };
        Cluster cluster = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 128));
        TrainingSchedule schedule = TrainingScheduleBuilder.Build(ModelZoo.Get("gpt3-175b"), layout, A100);
        Stopwatch sw = Stopwatch.StartNew();
        (ReplayOutput analytical, Counting aCount) = Replay(schedule, cluster, flow: false);
        double analyticalMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        (ReplayOutput flow, Counting fCount) = Replay(schedule, cluster, flow: true);
        double flowMs = sw.Elapsed.TotalMilliseconds;
        Assert.AreEqual(aCount.Collectives, fCount.Collectives);
        Assert.AreEqual(aCount.Transfers, fCount.Transfers);
        Assert.IsGreaterThanOrEqualTo(analytical.IterationTime.Seconds, flow.IterationTime.Seconds);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "flow-gpt3-175b.txt"), string.Create(CultureInfo.InvariantCulture,
            $"GPT-3 175B on 1024 A100 (t8 p16 d8), symmetric replay: {fCount.Collectives} collectives, {fCount.Transfers} point-to-point calls; " +
            $"analytical network {analyticalMs:F0} ms (iteration {analytical.IterationTime}), flow network {flowMs:F0} ms (iteration {flow.IterationTime}); " +
            $"exposed dp {analytical.Breakdown[TimeCategory.ExposedDpComm]} vs {flow.Breakdown[TimeCategory.ExposedDpComm]}, " +
            $"exposed pp {analytical.Breakdown[TimeCategory.ExposedPpComm]} vs {flow.Breakdown[TimeCategory.ExposedPpComm]}, " +
            $"exposed tp {analytical.Breakdown[TimeCategory.ExposedTpComm]} vs {flow.Breakdown[TimeCategory.ExposedTpComm]}"));
    }

    private static (ReplayOutput Output, Counting Network) Replay(TrainingSchedule schedule, Cluster cluster, bool flow)
    {
        Simulation sim = new();
        CollectiveModel collectives = new(cluster);
        INetworkModel inner = flow ? new FlowNetworkModel(sim, collectives) : new AnalyticalNetworkModel(sim, collectives);
        Counting counting = new(inner);
        ReplayInput input = new()
        {
            Programs = schedule.Programs,
            Grid = schedule.Grid,
            DeviceOfRank = cluster.Accelerators,
            Mode = ReplayMode.Symmetric,
            StaticMemoryByStage = schedule.StaticMemoryByStage,
        };
        return (new ReplayEngine(sim, input, counting).Run(), counting);
    }

    /// <summary>Counts the calls a replay makes into a network model.</summary>
    private sealed class Counting(INetworkModel inner) : INetworkModel
    {
        public int Collectives { get; private set; }

        public int Transfers { get; private set; }

        public Event Collective(CollectiveOp op, IReadOnlyList<IReadOnlyList<DeviceId>> groups, Bytes size)
        {
            Collectives++;
            return inner.Collective(op, groups, size);
        }

        public Event PointToPoint(IReadOnlyList<(DeviceId From, DeviceId To)> pairs, Bytes size)
        {
            Transfers++;
            return inner.PointToPoint(pairs, size);
        }
    }
}
