using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Pipeline;
using DeepScale.Parallelism.Schedules;
using DeepScale.Replay;

namespace DeepScale.Replay.Tests;

[TestClass]
public sealed class PipelineReplayTests
{
    private static readonly Duration Forward = Duration.FromMilliseconds(1);
    private static readonly Duration Backward = Duration.FromMilliseconds(2);

    /// <summary>Uniform stages: every chunk's forward takes Forward/v, backward Backward/v.</summary>
    private static ReplayOutput Replay(PipelineScheduleKind kind, int p, int m, int v = 1, ReplayMode mode = ReplayMode.Symmetric, int data = 1, int tensor = 1,
        bool criticalPath = false)
    {
        var grid = new RankGrid(tensor, p, data, RankPlacement.TensorPipelineData);
        var programs = new List<StageProgram>();
        for (int s = 0; s < p; s++)
        {
            var w = new ProgramWriter(s);
            PipelineProgramBuilder.Write(w, kind, p, m, v, Bytes.FromMB(1), (writer, a) =>
                writer.Compute(a.ToString(), a.IsForward ? TimeCategory.Forward : TimeCategory.Backward,
                    (a.IsForward ? Forward : Backward) / v, FlopCount.Zero, FlopCount.Zero, a.Microbatch, a.Chunk,
                    allocates: a.IsForward ? Bytes.FromMB(10) : Bytes.Zero, frees: a.IsForward ? Bytes.Zero : Bytes.FromMB(10)));
            programs.Add(w.Build());
        }

        var sim = new Simulation();
        var input = new ReplayInput
        {
            Programs = programs,
            Grid = grid,
            DeviceOfRank = [.. Enumerable.Range(0, grid.Size).Select(r => new DeviceId(r))],
            Mode = mode,
            RecordCriticalPath = criticalPath,
        };
        return new ReplayEngine(sim, input, new InstantNetwork(sim)).Run();
    }

    [TestMethod]
    [DataRow(PipelineScheduleKind.GPipe, 4, 8)]
    [DataRow(PipelineScheduleKind.GPipe, 8, 16)]
    [DataRow(PipelineScheduleKind.OneFOneB, 4, 8)]
    [DataRow(PipelineScheduleKind.OneFOneB, 8, 32)]
    [DataRow(PipelineScheduleKind.OneFOneB, 16, 16)]
    public void Replay_UniformStages_BubbleFractionIsPMinusOneOverMPlusPMinusOne(PipelineScheduleKind kind, int p, int m)
    {
        ReplayOutput result = Replay(kind, p, m);
        double ideal = m * (Forward + Backward).Seconds;
        double expectedTotal = (m + p - 1) * (Forward + Backward).Seconds;
        Assert.AreEqual(expectedTotal, result.IterationTime.Seconds, 1e-9);
        double bubble = result.Breakdown[TimeCategory.PipelineBubble].Seconds / result.IterationTime.Seconds;
        Assert.AreEqual((p - 1.0) / (m + p - 1.0), bubble, 1e-9);
        Assert.AreEqual(ideal, (result.Breakdown[TimeCategory.Forward] + result.Breakdown[TimeCategory.Backward]).Seconds, 1e-9);
        Assert.AreEqual(result.IterationTime.Seconds, result.Breakdown.Total.Seconds, 1e-9);
    }

    [TestMethod]
    [DataRow(4, 8, 2)]
    [DataRow(4, 16, 4)]
    [DataRow(8, 16, 2)]
    public void Replay_Interleaved_ShrinksBubbleByVirtualStages(int p, int m, int v)
    {
        // Narayanan et al. 2021, Sec. 2.2.2: the bubble of the interleaved schedule is (p − 1)/v of a micro-batch
        // time (t_f + t_b) against (p − 1) without interleaving.
        ReplayOutput plain = Replay(PipelineScheduleKind.OneFOneB, p, m);
        ReplayOutput interleaved = Replay(PipelineScheduleKind.Interleaved1F1B, p, m, v);
        double perMicrobatch = (Forward + Backward).Seconds;
        Assert.AreEqual((p - 1) * perMicrobatch, plain.Breakdown[TimeCategory.PipelineBubble].Seconds, 1e-9);
        Assert.AreEqual((p - 1) * perMicrobatch / v, interleaved.Breakdown[TimeCategory.PipelineBubble].Seconds, 1e-9);
        Assert.AreEqual(interleaved.IterationTime.Seconds, interleaved.Breakdown.Total.Seconds, 1e-9);
    }

    [TestMethod]
    public void Replay_ActivationsInFlight_GPipeKeepsAllOneFOneBKeepsPipelineDepth()
    {
        const int p = 4, m = 12;
        ReplayOutput gpipe = Replay(PipelineScheduleKind.GPipe, p, m);
        ReplayOutput oneF = Replay(PipelineScheduleKind.OneFOneB, p, m);
        Assert.AreEqual(m * 10.0, gpipe.PeakMemoryByStage[0].Count / 1e6, 1e-6);
        for (int s = 0; s < p; s++)
        {
            Assert.AreEqual((p - s) * 10.0, oneF.PeakMemoryByStage[s].Count / 1e6, 1e-6);
        }
    }

    [TestMethod]
    public void Replay_FullAndSymmetric_AgreeOnHomogeneousPipeline()
    {
        ReplayOutput symmetric = Replay(PipelineScheduleKind.Interleaved1F1B, 4, 8, 2, ReplayMode.Symmetric, data: 2, tensor: 2);
        ReplayOutput full = Replay(PipelineScheduleKind.Interleaved1F1B, 4, 8, 2, ReplayMode.Full, data: 2, tensor: 2);
        Assert.AreEqual(4, symmetric.SimulatedRanks);
        Assert.AreEqual(16, full.SimulatedRanks);
        Assert.AreEqual(symmetric.IterationTime, full.IterationTime);
        CollectionAssert.AreEqual(symmetric.Breakdown.Parts.ToArray(), full.Breakdown.Parts.ToArray());
    }

    [TestMethod]
    [DataRow(PipelineScheduleKind.GPipe, 4, 8, 1)]
    [DataRow(PipelineScheduleKind.OneFOneB, 4, 8, 1)]
    [DataRow(PipelineScheduleKind.OneFOneB, 8, 16, 1)]
    [DataRow(PipelineScheduleKind.Interleaved1F1B, 4, 8, 2)]
    public void Replay_UniformStages_CriticalPathIsContiguousWorkThroughEveryStage(PipelineScheduleKind kind, int p, int m, int v)
    {
        ReplayOutput result = Replay(kind, p, m, v, criticalPath: true);

        // The path covers the iteration without gaps and without waiting: the last stage's bubble is, on the path,
        // the earlier stages' work that fed it.
        Assert.IsFalse(result.CriticalPath.IsEmpty);
        Assert.AreEqual(0L, result.CriticalPath[0].Start.Ticks);
        Assert.AreEqual(result.IterationTime.Ticks, result.CriticalPath[^1].End.Ticks);
        for (int i = 1; i < result.CriticalPath.Length; i++)
        {
            Assert.AreEqual(result.CriticalPath[i - 1].End, result.CriticalPath[i].Start, $"gap before segment {i}");
        }

        Breakdown onPath = result.CriticalPathBreakdown;
        Assert.AreEqual(result.IterationTime, onPath.Total);
        Assert.AreEqual(Duration.Zero, onPath[TimeCategory.PipelineBubble]);
        CollectionAssert.AreEquivalent(Enumerable.Range(0, p).ToArray(), result.CriticalPath.Select(s => s.Rank).Distinct().ToArray());
    }

    [TestMethod]
    public void Replay_GPipe_CriticalPathHoldsMPlusPMinusOneForwardsAndBackwards()
    {
        // GPipe (Huang et al. 2019, Fig. 2) with uniform stages: every critical path runs from micro-batch 0's forward
        // on stage 0 to the last backward on stage 0 through (m + p − 1) forwards and (m + p − 1) backwards (many
        // such paths tie; any one of them is the answer).
        const int p = 4, m = 8;
        ReplayOutput result = Replay(PipelineScheduleKind.GPipe, p, m, criticalPath: true);
        Breakdown onPath = result.CriticalPathBreakdown;
        Assert.AreEqual(Forward * (m + p - 1), onPath[TimeCategory.Forward]);
        Assert.AreEqual(Backward * (m + p - 1), onPath[TimeCategory.Backward]);
        Assert.AreEqual(0, result.CriticalPath[0].Rank);
        Assert.AreEqual(0, result.CriticalPath[^1].Rank);
        Assert.AreEqual(TimeCategory.Forward, result.CriticalPath[0].Category);
        Assert.AreEqual(TimeCategory.Backward, result.CriticalPath[^1].Category);
    }

    [TestMethod]
    public void Replay_WithoutRecording_HasNoCriticalPath() =>
        Assert.IsTrue(Replay(PipelineScheduleKind.OneFOneB, 4, 8).CriticalPath.IsEmpty);
}
