using System.Collections.Immutable;
using System.Text.Json;

using DeepScale.Experiments.Results;
using DeepScale.Experiments.Spec;
using DeepScale.Experiments.Sweeps;

namespace DeepScale.Experiments.Tests.Sweeps;

[TestClass]
public sealed class SweepRunnerTests
{
    /// <summary>Six analytical points (microseconds each): GPT-3 1.7B on 1 or 2 nodes at tensor 1, 2 and 4.</summary>
    private const string Text = """
        name: runner
        base:
          name: runner
          model: { preset: gpt3-1.7b }
          cluster: { system: dgx-a100-80gb, nodes: 1 }
          training: { global_batch: 64, micro_batch: 1 }
          fidelity: analytical
        sweep:
          cluster.nodes: [1, 2]
          parallelism.tensor: [1, 2, 4]
        """;

    private static SweepExpansion Expansion(string text = Text) => SweepExpander.Expand(ExperimentLoader.LoadText(text, "runner.yaml"));

    /// <summary>A result as JSON without its wall-clock time, the one field two runs do not share.</summary>
    private static string Comparable(RunResult r) => JsonSerializer.Serialize(r with { SimulationWallS = 0 });

    private static string[] Results(SweepRun run) => [.. run.Results.Select(r => Comparable(r.Result))];

    [TestMethod]
    public void Run_TwoJobs_SameResultsInSweepOrderAsOneJob()
    {
        SweepRun one = SweepRunner.Run(Expansion(), new SweepRunOptions { Jobs = 1 });
        SweepRun two = SweepRunner.Run(Expansion(), new SweepRunOptions { Jobs = 2 });

        Assert.IsTrue(one.Complete);
        CollectionAssert.AreEqual(Enumerable.Range(0, 6).ToArray(), two.Results.Select(r => r.Point.Index).ToArray());
        CollectionAssert.AreEqual(Results(one), Results(two));
    }

    [TestMethod]
    public void Run_StopAfterThenRerun_ReusesFinishedPointsAndMatchesAnUninterruptedRun()
    {
        SweepRun uninterrupted = SweepRunner.Run(Expansion(), new SweepRunOptions { Jobs = 2 });

        SweepRun partial = SweepRunner.Run(Expansion(), new SweepRunOptions { Jobs = 1, StopAfter = 2 });
        Dictionary<SweepPointKey, RunResult> previous = partial.Results.ToDictionary(r => SweepRunner.KeyOf(r.Point), r => r.Result);
        SweepRun resumed = SweepRunner.Run(Expansion(), new SweepRunOptions { Jobs = 2, Previous = previous });

        Assert.IsTrue(partial.Stopped);
        Assert.HasCount(2, partial.Results);
        Assert.AreEqual(2, resumed.Reused);
        Assert.AreEqual(4, resumed.Simulated);
        Assert.IsTrue(resumed.Complete);
        CollectionAssert.AreEqual(Results(uninterrupted), Results(resumed));
    }

    [TestMethod]
    public void Run_CancelledBeforeStart_RunsNothingAndStillCheckpoints()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        int checkpoints = 0;

        SweepRun run = SweepRunner.Run(Expansion(), new SweepRunOptions { Checkpoint = _ => checkpoints++ }, cancel.Token);

        Assert.IsTrue(run.Stopped);
        Assert.IsEmpty(run.Results);
        Assert.AreEqual(1, checkpoints, "the final checkpoint writes what finished, here nothing");
    }

    [TestMethod]
    public void Run_StopAfter_SimulatesExactlyThatManyNewPoints()
    {
        SweepRun run = SweepRunner.Run(Expansion(), new SweepRunOptions { Jobs = 2, StopAfter = 3 });

        Assert.IsTrue(run.Stopped);
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, run.Results.Select(r => r.Point.Index).ToArray());
    }

    [TestMethod]
    public void Run_Checkpoints_SeeFinishedPointsInSweepOrderAndTheLastSeesAll()
    {
        var seen = new List<int[]>();
        SweepRun run = SweepRunner.Run(Expansion(), new SweepRunOptions
        {
            Jobs = 2,
            CheckpointEveryPoints = 2,
            Checkpoint = results => seen.Add([.. results.Select(r => r.Point.Index)]),
        });

        Assert.IsGreaterThanOrEqualTo(2, seen.Count);
        foreach (int[] checkpoint in seen)
        {
            CollectionAssert.AreEqual(checkpoint.Order().ToArray(), checkpoint, "a checkpoint lists its points in sweep order");
        }

        CollectionAssert.AreEqual(run.Results.Select(r => r.Point.Index).ToArray(), seen[^1]);
    }

    [TestMethod]
    public void Run_InvalidPoint_ThrowsBeforeAnyCheckpoint()
    {
        bool checkpointed = false;
        SweepExpansion expansion = Expansion(Text.Replace("[1, 2, 4]", "[1, 3]", StringComparison.Ordinal));

        SpecException error = Assert.ThrowsExactly<SpecException>(() =>
            SweepRunner.Run(expansion, new SweepRunOptions { Checkpoint = _ => checkpointed = true }));

        Assert.Contains("parallelism.tensor", error.Message);
        Assert.IsFalse(checkpointed);
    }

    [TestMethod]
    public void Run_SkipInvalid_ListsSkippedPointsApartFromResults()
    {
        SweepExpansion expansion = Expansion(Text.Replace("[1, 2, 4]", "[1, 3]", StringComparison.Ordinal) + "\nfilter: skip-invalid\n");

        SweepRun run = SweepRunner.Run(expansion);

        Assert.HasCount(2, run.Results);
        Assert.HasCount(2, run.Skipped);
        Assert.IsTrue(run.Complete);
        Assert.IsTrue(run.Skipped.All(p => p.Error!.Kind == SpecErrorKind.Constraint));
    }

    [TestMethod]
    public void KeyOf_DependsOnAssignmentsAndSpec()
    {
        ImmutableArray<SweepPoint> points = Expansion().Points;
        SweepPointKey again = SweepRunner.KeyOf(Expansion().Points[3]);
        SweepPointKey otherSeed = SweepRunner.KeyOf(Expansion(Text.Replace("fidelity: analytical", "fidelity: analytical\n  seed: 7", StringComparison.Ordinal)).Points[3]);

        Assert.AreEqual(SweepRunner.KeyOf(points[3]), again);
        Assert.AreNotEqual(SweepRunner.KeyOf(points[3]), SweepRunner.KeyOf(points[4]));
        Assert.AreNotEqual(SweepRunner.KeyOf(points[3]), otherSeed);
        Assert.AreEqual("cluster.nodes=2\nparallelism.tensor=1\n", again.Assignments);
    }
}
