using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Analytical;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Pipeline;
using DeepScale.Parallelism.Schedules;
using DeepScale.Parallelism.Strategies;
using DeepScale.Replay;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Models;

namespace DeepScale.Replay.Tests;

[TestClass]
public sealed class TrainingReplayTests
{
    private static readonly ComputeCostModel A100 = ComputeCostModel.ForAccelerator(HardwareCatalog.Default.Accelerator("a100-sxm4-80gb"));

    private static (TrainingSchedule Schedule, Cluster Cluster) Build(string model, TrainingLayout layout)
    {
        TrainingSchedule schedule = TrainingScheduleBuilder.Build(ModelZoo.Get(model), layout, A100);
        Cluster cluster = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", layout.Gpus / 8));
        return (schedule, cluster);
    }

    private static ReplayOutput Replay(TrainingSchedule schedule, Cluster cluster, ReplayMode mode)
    {
        var sim = new Simulation();
        var comm = new ClusterCommunicationCost(new CollectiveModel(cluster), schedule.Grid, cluster.Accelerators);
        var input = new ReplayInput
        {
            Programs = schedule.Programs,
            Grid = schedule.Grid,
            DeviceOfRank = cluster.Accelerators,
            Mode = mode,
            StaticMemoryByStage = schedule.StaticMemoryByStage,
            Multiprocessors = A100.Profile.StreamingMultiprocessors,
            DataChannels = comm.Channels(GroupRole.Data, 0),
            TensorChannels = comm.Channels(GroupRole.Tensor, 0),
        };
        return new ReplayEngine(sim, input, new AnalyticalNetworkModel(sim, new CollectiveModel(cluster))).Run();
    }

    private static readonly TrainingLayout Hybrid = new()
    {
        Tensor = 2,
        Pipeline = 4,
        Data = 2,
        VirtualStages = 2,
        Schedule = PipelineScheduleKind.Interleaved1F1B,
        GlobalBatch = 32,
        MicroBatch = 1,
        Recompute = RecomputeMode.Selective,
        SequenceParallel = true,
        DistributedOptimizer = true,
    };

    [TestMethod]
    public void Replay_HybridLayout_SymmetricAndFullAgree()
    {
        (TrainingSchedule schedule, Cluster cluster) = Build("gpt3-1.7b", Hybrid);
        ReplayOutput symmetric = Replay(schedule, cluster, ReplayMode.Symmetric);
        ReplayOutput full = Replay(schedule, cluster, ReplayMode.Full);
        Assert.AreEqual(4, symmetric.SimulatedRanks);
        Assert.AreEqual(16, full.SimulatedRanks);
        Assert.AreEqual(symmetric.IterationTime.Seconds, full.IterationTime.Seconds, 0.01 * full.IterationTime.Seconds);
    }

    [TestMethod]
    [DataRow("gpt3-1.7b", 1, 1, 8, 1)]
    [DataRow("gpt3-1.7b", 2, 2, 4, 1)]
    [DataRow("gpt3-3.6b", 2, 5, 4, 3)]
    [DataRow("gpt3-7.5b", 8, 4, 1, 3)]
    public void Analytical_WithinTenPercentOfSymmetricReplay(string model, int t, int p, int d, int v)
    {
        TrainingLayout layout = new()
        {
            Tensor = t,
            Pipeline = p,
            Data = d,
            VirtualStages = v,
            Schedule = v > 1 ? PipelineScheduleKind.Interleaved1F1B : PipelineScheduleKind.OneFOneB,
            GlobalBatch = 40 * d,
            Recompute = RecomputeMode.Full,
        };
        (TrainingSchedule schedule, Cluster cluster) = Build(model, layout);
        ReplayOutput replay = Replay(schedule, cluster, ReplayMode.Symmetric);
        AnalyticalEstimate estimate = AnalyticalEstimator.Estimate(ModelZoo.Get(model), layout, A100,
            new ClusterCommunicationCost(new CollectiveModel(cluster), schedule.Grid, cluster.Accelerators));
        Assert.AreEqual(replay.IterationTime.Seconds, estimate.IterationTime.Seconds, 0.10 * replay.IterationTime.Seconds);
        Assert.AreEqual(estimate.IterationTime.Seconds, estimate.Parts.Sum(x => x.Seconds), 1e-6);
    }

    [TestMethod]
    public void Replay_BreakdownAddsUpAndRunsAreDeterministic()
    {
        (TrainingSchedule schedule, Cluster cluster) = Build("gpt3-1.7b", Hybrid);
        ReplayOutput a = Replay(schedule, cluster, ReplayMode.Symmetric);
        ReplayOutput b = Replay(schedule, cluster, ReplayMode.Symmetric);
        Assert.AreEqual(a.IterationTime, b.IterationTime);
        CollectionAssert.AreEqual(a.Breakdown.Parts.ToArray(), b.Breakdown.Parts.ToArray());
        Assert.AreEqual(a.IterationTime.Ticks, a.Breakdown.Total.Ticks);
        Assert.IsGreaterThan(0.0, a.Breakdown[TimeCategory.PipelineBubble].Seconds);
        Assert.IsGreaterThan(0.0, a.Breakdown[TimeCategory.ExposedTpComm].Seconds);
    }

    [TestMethod]
    public void Replay_GradientOverlap_ShrinksExposedDataParallelCommunication()
    {
        TrainingLayout dp = new() { Data = 16, GlobalBatch = 64, Recompute = RecomputeMode.None, Overlap = new OverlapOptions { GradReduce = false } };
        (TrainingSchedule blocking, Cluster cluster) = Build("gpt3-1.7b", dp);
        (TrainingSchedule overlapped, _) = Build("gpt3-1.7b", dp with { Overlap = new OverlapOptions { GradReduce = true } });
        ReplayOutput a = Replay(blocking, cluster, ReplayMode.Symmetric);
        ReplayOutput b = Replay(overlapped, cluster, ReplayMode.Symmetric);
        Assert.IsLessThan(a.Breakdown[TimeCategory.ExposedDpComm].Seconds, b.Breakdown[TimeCategory.ExposedDpComm].Seconds);
        Assert.IsLessThan(a.IterationTime.Seconds, b.IterationTime.Seconds);
    }

    [TestMethod]
    public void Replay_Zero3_GathersParametersAndPrefetchHidesPartOfIt()
    {
        TrainingLayout zero1 = new() { Data = 16, GlobalBatch = 64, MicroBatch = 2, ZeroStage = 1, Recompute = RecomputeMode.None };
        (TrainingSchedule s1, Cluster cluster) = Build("gpt3-1.7b", zero1);
        (TrainingSchedule s3, _) = Build("gpt3-1.7b", zero1 with { ZeroStage = 3 });
        (TrainingSchedule s3p, _) = Build("gpt3-1.7b", zero1 with { ZeroStage = 3, Overlap = new OverlapOptions { GradReduce = true, ParamGather = true } });
        Assert.IsTrue(s3.Programs[0].Ops.Any(o => o.Name == "zero3 gather F"));
        Assert.IsTrue(s3.Programs[0].Ops.Any(o => o.Name == "zero3 grad reduce-scatter"));
        ReplayOutput r1 = Replay(s1, cluster, ReplayMode.Symmetric);
        ReplayOutput r3 = Replay(s3, cluster, ReplayMode.Symmetric);
        ReplayOutput r3p = Replay(s3p, cluster, ReplayMode.Symmetric);
        Assert.IsGreaterThan(r1.IterationTime.Seconds, r3.IterationTime.Seconds);
        Assert.IsLessThan(r3.IterationTime.Seconds, r3p.IterationTime.Seconds);
        Assert.IsGreaterThan(r1.Breakdown[TimeCategory.ExposedDpComm].Seconds, r3.Breakdown[TimeCategory.ExposedDpComm].Seconds);

        foreach ((TrainingLayout layout, ReplayOutput replay) in new[] { (zero1 with { ZeroStage = 3 }, r3), (zero1 with { ZeroStage = 3, Overlap = new OverlapOptions { GradReduce = true, ParamGather = true } }, r3p) })
        {
            AnalyticalEstimate estimate = AnalyticalEstimator.Estimate(ModelZoo.Get("gpt3-1.7b"), layout, A100,
                new ClusterCommunicationCost(new CollectiveModel(cluster), s3.Grid, cluster.Accelerators));
            Assert.AreEqual(replay.IterationTime.Seconds, estimate.IterationTime.Seconds, 0.10 * replay.IterationTime.Seconds);
        }
    }

    [TestMethod]
    public void Replay_Zero3PerTensor_PaysLatencyAndListCopiesPerTensorAndMatchesTheEstimate()
    {
        // 1.7B on 64 GPUs with micro-batch 1: per-tensor gathers (12 per GPT layer instead of one) each pay the
        // ring's per-hop latency and one copy kernel per rank, so they cost more than one flat gather per layer.
        TrainingLayout layer = new() { Data = 64, GlobalBatch = 64, ZeroStage = 3, Recompute = RecomputeMode.Full, Overlap = new OverlapOptions { GradReduce = false } };
        TrainingLayout tensor = layer with { ZeroGranularity = ZeroGranularity.Tensor };
        (TrainingSchedule flat, Cluster cluster) = Build("gpt3-1.7b", layer);
        (TrainingSchedule split, _) = Build("gpt3-1.7b", tensor);

        static int Gathers(TrainingSchedule s) => s.Programs[0].Ops.Count(o => o.Kind == OpKind.Collective && o.Name == "zero3 gather F");
        int layers = (int)ModelZoo.GetTransformer("gpt3-1.7b").Layers;
        Assert.AreEqual(Gathers(flat) + (11 * layers) + 1 + 1, Gathers(split),
            "every GPT block gathers its 12 tensors one by one, the embedding its word and position tables, the head its norm's two");
        Assert.IsTrue(split.Programs[0].Ops.Any(o => o.Name == "zero3 gather F copy-out"));
        Assert.IsFalse(flat.Programs[0].Ops.Any(o => o.Name == "zero3 gather F copy-out"));

        ReplayOutput a = Replay(flat, cluster, ReplayMode.Symmetric);
        ReplayOutput b = Replay(split, cluster, ReplayMode.Symmetric);
        Assert.IsGreaterThan(a.Breakdown[TimeCategory.ExposedDpComm].Seconds, b.Breakdown[TimeCategory.ExposedDpComm].Seconds);
        Assert.AreEqual(a.Breakdown[TimeCategory.Forward].Seconds, b.Breakdown[TimeCategory.Forward].Seconds, 1e-9);

        AnalyticalEstimate estimate = AnalyticalEstimator.Estimate(ModelZoo.Get("gpt3-1.7b"), tensor, A100,
            new ClusterCommunicationCost(new CollectiveModel(cluster), split.Grid, cluster.Accelerators));
        Assert.AreEqual(b.IterationTime.Seconds, estimate.IterationTime.Seconds, 0.10 * b.IterationTime.Seconds);
    }
}
