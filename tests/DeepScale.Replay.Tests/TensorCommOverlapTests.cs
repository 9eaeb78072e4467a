using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Analytical;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;
using DeepScale.Parallelism.Strategies;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Models;

namespace DeepScale.Replay.Tests;

/// <summary>
/// Tensor-parallel communication overlapped with GEMMs (<c>overlap.tp_comm</c>): which collectives overlap what,
/// the closed forms against hand calculations and against the replay of the ops the schedule builder emits, and the
/// schedule keeping every GEMM and every byte of the blocking schedule.
/// </summary>
[TestClass]
public sealed class TensorCommOverlapTests
{
    private static readonly ComputeCostModel A100 = ComputeCostModel.ForAccelerator(DeepScale.Hardware.Catalog.HardwareCatalog.Default.Accelerator("a100-sxm4-80gb"));

    private static Operator Op(string name, bool sequenceParallel)
    {
        ModelAccount account = ModelAccountant.Account(ModelZoo.Get("gpt3-1.7b"), new AccountingOptions
        {
            MicroBatch = 1,
            TensorParallel = 4,
            SequenceParallel = sequenceParallel,
        }.Validate());
        return account.Operators.First(o => o.Name == name);
    }

    [TestMethod]
    public void Steps_WithoutSequenceParallelism_OnlyTheColumnParallelBackwardOverlaps()
    {
        CollectionAssert.AreEqual(
            new[] { (OverlapShape.Alone, OverlapWork.BackwardInput), (OverlapShape.Beside, OverlapWork.BackwardWeight) },
            Shapes(Op("attn.qkv", false), ExecutionPhase.Backward));
        Assert.AreEqual(ExchangeKind.AllReduce, TensorCommOverlap.Steps(Op("mlp.fc1", false), ExecutionPhase.Backward, false, true)[1].Exchange!.Kind);
        // The row-parallel forward all-reduce has nothing left to run beside; the forward of a column-parallel GEMM has no collective.
        Assert.IsEmpty(TensorCommOverlap.Steps(Op("mlp.fc2", false), ExecutionPhase.Forward, false, true));
        Assert.IsEmpty(TensorCommOverlap.Steps(Op("attn.qkv", false), ExecutionPhase.Forward, false, true));
        Assert.IsEmpty(TensorCommOverlap.Steps(Op("embed.word", false), ExecutionPhase.Forward, false, true));
        Assert.IsEmpty(TensorCommOverlap.Steps(Op("head.loss", false), ExecutionPhase.Forward, false, true));
    }

    [TestMethod]
    public void Steps_WithSequenceParallelism_FollowTransformerEnginesMethods()
    {
        // qkv/fc1 forward and proj/fc2 input gradient: ring exchange; proj/fc2 forward: pipelined reduce-scatter;
        // qkv/fc1 backward: bulk all-gather beside the input gradient, bulk reduce-scatter beside the weight gradient.
        CollectionAssert.AreEqual(new[] { (OverlapShape.FeedsCompute, OverlapWork.Forward) }, Shapes(Op("attn.qkv", true), ExecutionPhase.Forward));
        CollectionAssert.AreEqual(new[] { (OverlapShape.FedByCompute, OverlapWork.Forward) }, Shapes(Op("mlp.fc2", true), ExecutionPhase.Forward));
        CollectionAssert.AreEqual(
            new[] { (OverlapShape.Beside, OverlapWork.BackwardInput), (OverlapShape.Beside, OverlapWork.BackwardWeight) },
            Shapes(Op("mlp.fc1", true), ExecutionPhase.Backward));
        CollectionAssert.AreEqual(
            new[] { (OverlapShape.FeedsCompute, OverlapWork.BackwardInput), (OverlapShape.Alone, OverlapWork.BackwardWeight) },
            Shapes(Op("attn.proj", true), ExecutionPhase.Backward));
        Assert.AreEqual(1, TensorCommOverlap.Channels(OverlapShape.FeedsCompute, true));
        Assert.AreEqual(16, TensorCommOverlap.Channels(OverlapShape.FedByCompute, true));
        Assert.AreEqual(0, TensorCommOverlap.Channels(OverlapShape.Beside, false));
    }

    [TestMethod]
    public void Steps_WithSequenceParallelismWithoutUserbuffers_OnlyTheColumnParallelBackwardOverlapsOnNccl()
    {
        // Megatron-LM's asynchronous collectives: the column-parallel backward's all-gather beside the input gradient
        // and reduce-scatter beside the weight gradient; the forward's and the row-parallel backward's block.
        static (OverlapShape, OverlapWork)[] Backward(string name) =>
            [.. TensorCommOverlap.Steps(Op(name, true), ExecutionPhase.Backward, userbuffers: false, tensorOverlap: true).Select(s => (s.Shape, s.Work))];
        CollectionAssert.AreEqual(
            new[] { (OverlapShape.Beside, OverlapWork.BackwardInput), (OverlapShape.Beside, OverlapWork.BackwardWeight) }, Backward("attn.qkv"));
        Assert.AreEqual(ExchangeKind.ReduceScatter, TensorCommOverlap.Steps(Op("mlp.fc1", true), ExecutionPhase.Backward, false, true)[1].Exchange!.Kind);
        Assert.IsEmpty(Backward("attn.proj"));
        Assert.IsEmpty(Backward("mlp.fc2"));
        Assert.IsEmpty(TensorCommOverlap.Steps(Op("attn.qkv", true), ExecutionPhase.Forward, false, true));
        Assert.IsEmpty(TensorCommOverlap.Steps(Op("mlp.fc2", true), ExecutionPhase.Forward, false, true));
        Assert.AreEqual(0, TensorCommOverlap.Channels(OverlapShape.Beside, false));
    }

    [TestMethod]
    [DataRow(4.0, 10.0, 0.25, 5.0, 5.0)] // the collective outlasts the stretched compute: 4 ms · 1.25, then 5 ms of waiting
    [DataRow(8.0, 4.0, 0.25, 8.8, 0.0)] // 4 ms beside (3.2 ms of work), the remaining 4.8 ms at full speed
    [DataRow(8.0, 4.0, 0.0, 8.0, 0.0)]
    public void Evaluate_Beside_MatchesAHandCalculation(double compute, double collective, double slowdown, double busy, double wait)
    {
        (double b, double w) = TensorCommOverlap.Evaluate(OverlapShape.Beside, 4, compute, collective, slowdown);
        Assert.AreEqual(busy, b, 1e-12);
        Assert.AreEqual(wait, w, 1e-12);
    }

    [TestMethod]
    public void Evaluate_RingExchange_ComputesTheLocalChunkAtOnceAndWaitsForTheOthers()
    {
        // 4 chunks of 2 ms, exchange steps of 3 ms ending at 3, 6, 9: chunks at [0,2], [3,5], [6,8], [9,11].
        (double busy, double wait) = TensorCommOverlap.Evaluate(OverlapShape.FeedsCompute, 4, 8, 3, 0);
        Assert.AreEqual(8, busy, 1e-12);
        Assert.AreEqual(3, wait, 1e-12);
    }

    [TestMethod]
    public void Evaluate_PipelinedReduceScatter_ExposesWhatTheLastChunksLeave()
    {
        // 4 chunks of 2 ms back to back; collectives of 3 ms at [2,5], [5,8], [8,11], [11,14]: 6 ms after the GEMMs.
        (double busy, double wait) = TensorCommOverlap.Evaluate(OverlapShape.FedByCompute, 8, 8, 3, 0);
        Assert.AreEqual(8, busy, 1e-12);
        Assert.AreEqual(6, wait, 1e-12);
    }

    /// <summary>
    /// The schedule the builder writes with <c>overlap.tp_comm</c> (no pipeline and no data parallelism, so the
    /// iteration is the stage's passes end to end), replayed with every collective taking a fixed time, against the
    /// analytical estimate with the same collective time: the closed forms must describe the ops as emitted.
    /// </summary>
    [TestMethod]
    [DataRow(false, RecomputeMode.Full, true)]
    [DataRow(true, RecomputeMode.Full, true)]
    [DataRow(true, RecomputeMode.None, true)]
    [DataRow(true, RecomputeMode.Full, false)]
    public void Replay_OfAnOverlappedSchedule_MatchesTheAnalyticalEstimate(bool sequenceParallel, RecomputeMode recompute, bool userbuffers)
    {
        const int NcclChannels = 24;
        var sim = new Simulation();
        var network = new InstantNetwork(sim, Duration.FromMicroseconds(20), ByteRate.FromGBps(100));
        var comm = new FixedCost(network, NcclChannels);
        TrainingLayout layout = Layout(pipeline: 1, sequenceParallel, recompute, tpComm: true);
        layout = layout with { Overlap = layout.Overlap with { TpCommUserbuffers = userbuffers } };
        ModelDescription model = ModelZoo.Get("gpt3-1.7b");
        TrainingSchedule schedule = TrainingScheduleBuilder.Build(model, layout, A100);
        var input = new ReplayInput
        {
            Programs = schedule.Programs,
            Grid = schedule.Grid,
            DeviceOfRank = [.. Enumerable.Range(0, 4).Select(i => new DeviceId(i))],
            Mode = ReplayMode.Symmetric,
            StaticMemoryByStage = schedule.StaticMemoryByStage,
            Multiprocessors = A100.Profile.StreamingMultiprocessors,
            TensorChannels = NcclChannels,
        };
        ReplayOutput replay = new ReplayEngine(sim, input, network).Run();
        AnalyticalEstimate estimate = AnalyticalEstimator.Estimate(model, layout, A100, comm);

        Assert.AreEqual(estimate.IterationTime.Seconds, replay.IterationTime.Seconds, 1e-6 * estimate.IterationTime.Seconds);
        foreach (TimeCategory part in new[] { TimeCategory.Forward, TimeCategory.Backward, TimeCategory.Recompute, TimeCategory.ExposedTpComm })
        {
            Assert.AreEqual(estimate.Parts[(int)part].Seconds, replay.Breakdown[part].Seconds, 1e-6 * estimate.IterationTime.Seconds, part.ToString());
        }

        // Overlap hides communication: the blocking schedule waits longer for the same collectives.
        AnalyticalEstimate blocking = AnalyticalEstimator.Estimate(model, layout with { Overlap = layout.Overlap with { TpComm = false } }, A100, comm);
        Assert.IsLessThan(blocking.Parts[(int)TimeCategory.ExposedTpComm].Seconds, estimate.Parts[(int)TimeCategory.ExposedTpComm].Seconds);
    }

    /// <summary>Every collective and transfer takes what the test network gives it; collectives hold a fixed number of channels.</summary>
    private sealed class FixedCost(InstantNetwork network, int channels) : ICommunicationCost
    {
        public Duration Collective(CollectiveOp op, GroupRole role, int stage, Bytes size) => network.Time(size);

        public int Channels(GroupRole role, int stage) => channels;

        public Duration PointToPoint(int fromStage, int toStage, Bytes size) => network.Time(size);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Schedule_WithOverlap_KeepsEveryGemmAndEveryByteOfTheBlockingSchedule(bool sequenceParallel)
    {
        TrainingLayout layout = Layout(pipeline: 2, sequenceParallel, RecomputeMode.Full, tpComm: false);
        TrainingSchedule blocking = TrainingScheduleBuilder.Build(ModelZoo.Get("gpt3-1.7b"), layout, A100);
        TrainingSchedule overlapped = TrainingScheduleBuilder.Build(ModelZoo.Get("gpt3-1.7b"),
            layout with { Overlap = layout.Overlap with { TpComm = true } }, A100);
        for (int stage = 0; stage < 2; stage++)
        {
            StageProgram a = blocking.Programs[stage], b = overlapped.Programs[stage];
            Assert.AreEqual(ComputeSeconds(a), ComputeSeconds(b), 1e-6 * ComputeSeconds(a));
            Assert.AreEqual(a.Ops.Sum(o => o.HardwareFlops.Flops), b.Ops.Sum(o => o.HardwareFlops.Flops), 1e-9 * a.Ops.Sum(o => o.HardwareFlops.Flops));
            Assert.AreEqual(TensorTraffic(a), TensorTraffic(b), 1e-6 * TensorTraffic(a));
            Assert.IsFalse(a.Ops.Any(o => o.Stream == StreamKind.TensorComm));
            Assert.IsTrue(b.Ops.Any(o => o.Stream == StreamKind.TensorComm));
        }
    }

    /// <summary>GPT-3 1.7B on a 4-way tensor group, two micro-batches per pipeline, no data parallelism.</summary>
    private static TrainingLayout Layout(int pipeline, bool sequenceParallel, RecomputeMode recompute, bool tpComm) => new()
    {
        Tensor = 4,
        Pipeline = pipeline,
        Data = 1,
        GlobalBatch = 2 * pipeline,
        MicroBatch = 1,
        SequenceParallel = sequenceParallel,
        Recompute = recompute,
        Overlap = new OverlapOptions { GradReduce = false, TpComm = tpComm },
    };

    private static (OverlapShape, OverlapWork)[] Shapes(Operator op, ExecutionPhase phase) =>
        [.. TensorCommOverlap.Steps(op, phase, op.Exchanges.Any(e => e.Kind == ExchangeKind.ReduceScatter), true).Select(s => (s.Shape, s.Work))];

    private static double ComputeSeconds(StageProgram p) => p.Ops.Where(o => o.Kind == OpKind.Compute && o.Stream == StreamKind.Compute).Sum(o => o.Duration.Seconds);

    /// <summary>Bytes each rank of the 4-way tensor group sends over the tensor-parallel collectives (ring traffic, or the shift of a ring exchange).</summary>
    private static double TensorTraffic(StageProgram p) => p.Ops.Where(o => o.Kind == OpKind.Collective && o.Group == GroupRole.Tensor)
        .Sum(o => o.Bytes.Count * o.Collective switch
        {
            CollectiveOp.AllReduce => 2.0 * 3 / 4,
            CollectiveOp.SendRecv => 1.0, // a ring-exchange step: every rank sends its shard to its neighbour
            _ => 3.0 / 4,
        });
}
