using System.Diagnostics;

using DeepScale.Core;
using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Resources;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Pipeline;
using DeepScale.Parallelism.Strategies;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Models;

namespace DeepScale.Replay.Tests.Properties;

/// <summary>A full-fidelity replay too large for the memory it may use is refused up front with its estimate.</summary>
[TestClass]
public sealed class ReplayMemoryLimitTests
{
    private static readonly ComputeCostModel A100 = ComputeCostModel.ForAccelerator(HardwareCatalog.Default.Accelerator("a100-sxm4-80gb"));

    /// <summary>The memory budget for a full replay (GPT-3 175B on 1,024 A100 in at most 4 GiB).</summary>
    private static readonly Bytes Budget = Bytes.FromGiB(4);

    [TestMethod]
    public void FullReplay_Gpt3175bOn16384Gpus_IsRefusedBeforeAnythingRuns()
    {
        // The 1,024-GPU contract run (TP 8 · PP 16 · DP 8, 192 micro-batches per pipeline) scaled out to DP 128.
        var layout = new TrainingLayout
        {
            Tensor = 8,
            Pipeline = 16,
            Data = 128,
            GlobalBatch = 1536 * 16,
            Schedule = PipelineScheduleKind.OneFOneB,
            Recompute = RecomputeMode.Full,
        };
        TrainingSchedule schedule = TrainingScheduleBuilder.Build(ModelZoo.Get("gpt3-175b"), layout, A100);
        Cluster cluster = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", layout.Gpus / 8));
        var sim = new Simulation();
        ReplayInput input = Input(schedule, cluster, ReplayMode.Full) with { MemoryLimit = Budget };
        var network = new FlowNetworkModel(sim, new CollectiveModel(cluster), new ClusterLinks(new FairShareNetwork(sim), cluster));

        Stopwatch watch = Stopwatch.StartNew();
        SpecFieldException refused = Assert.ThrowsExactly<SpecFieldException>(() => new ReplayEngine(sim, input, network));
        watch.Stop();

        Assert.AreEqual("fidelity", refused.Field);
        Assert.StartsWith("fidelity: a full replay of 16384 ranks", refused.Message);
        Assert.Contains("GiB, more than the 4.0 GiB available; use fidelity: symmetric", refused.Message);
        Assert.DoesNotContain("\n", refused.Message);
        Assert.IsGreaterThan(Budget.GiBs, ReplayMemoryEstimate.Of(input).GiBs);
        Assert.AreEqual(0L, sim.ProcessedEvents);
        Assert.AreEqual(0, sim.QueuedEvents);
        Assert.IsLessThan(1.0, watch.Elapsed.TotalSeconds);

        // The same configuration at symmetric fidelity simulates 16 ranks and is accepted.
        ReplayInput symmetric = input with { Mode = ReplayMode.Symmetric };
        Assert.IsLessThan(Bytes.FromMiB(64).Count, ReplayMemoryEstimate.Of(symmetric).Count);
        _ = new ReplayEngine(sim, symmetric, network);
    }

    [TestMethod]
    public void FullReplay_SmallConfiguration_IsAcceptedAndRuns()
    {
        var layout = new TrainingLayout { Tensor = 2, Pipeline = 4, Data = 2, GlobalBatch = 32, Recompute = RecomputeMode.Full };
        TrainingSchedule schedule = TrainingScheduleBuilder.Build(ModelZoo.Get("gpt3-1.7b"), layout, A100);
        Cluster cluster = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 2));
        var sim = new Simulation();
        ReplayInput input = Input(schedule, cluster, ReplayMode.Full) with { MemoryLimit = Budget };
        Assert.IsLessThan(Bytes.FromMiB(16).Count, ReplayMemoryEstimate.Of(input).Count);
        ReplayOutput output = new ReplayEngine(sim, input, new FlowNetworkModel(sim, new CollectiveModel(cluster), new ClusterLinks(new FairShareNetwork(sim), cluster))).Run();
        Assert.AreEqual(16, output.SimulatedRanks);
        Assert.IsGreaterThan(0L, output.IterationTime.Ticks);
    }

    [TestMethod]
    public void Estimate_GrowsWithRanksTimesOperations()
    {
        var layout = new TrainingLayout { Tensor = 2, Pipeline = 4, Data = 2, GlobalBatch = 32, Recompute = RecomputeMode.Full };
        TrainingSchedule schedule = TrainingScheduleBuilder.Build(ModelZoo.Get("gpt3-1.7b"), layout, A100);
        Cluster cluster = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 2));
        ReplayInput input = Input(schedule, cluster, ReplayMode.Full);
        double operations = schedule.Programs.Sum(p => (double)p.Ops.Count) * 4;
        double expected = (ReplayMemoryEstimate.PerRankOperation.Count * operations) + (ReplayMemoryEstimate.PerRank.Count * 16);
        Assert.AreEqual(expected, ReplayMemoryEstimate.Of(input).Count, 1e-6 * expected);
        Assert.AreEqual(16L, ReplayMemoryEstimate.SimulatedRanks(input));
        Assert.AreEqual(4L, ReplayMemoryEstimate.SimulatedRanks(input with { Mode = ReplayMode.Symmetric }));
    }

    private static ReplayInput Input(TrainingSchedule schedule, Cluster cluster, ReplayMode mode) => new()
    {
        Programs = schedule.Programs,
        Grid = schedule.Grid,
        DeviceOfRank = cluster.Accelerators,
        Mode = mode,
        StaticMemoryByStage = schedule.StaticMemoryByStage,
    };
}
