using DeepScale.Experiments.Planning;

namespace DeepScale.Experiments.Tests.Planning;

[TestClass]
public sealed class PlanExplanationTests
{
    [TestMethod]
    public void WinnerAndRunnerUp_SmallPlan_NameThePlansTheirTimeAndTheDifference()
    {
        PlanReport report = Planner.Plan(PlanningSpecs.Analytical(PlanningSpecs.OnDgx("gpt3-1.7b", 1, 64), top: 3));

        IReadOnlyList<string> winner = PlanExplanation.Winner(report);
        IReadOnlyList<string> runnerUp = PlanExplanation.RunnerUp(report);

        Assert.Contains(report.Plans[0].Settings.StrategyLabel, winner[0]);
        Assert.IsTrue(winner.Any(l => l.StartsWith("Where its time goes: ", StringComparison.Ordinal) && l.Contains("forward", StringComparison.Ordinal)));
        Assert.Contains(report.Plans[1].Settings.StrategyLabel, runnerUp[0]);
        Assert.Contains("→", runnerUp[0]);
        Assert.Contains("slower", runnerUp[1]);
    }

    [TestMethod]
    public void Differences_TwoSettings_ListsOnlyWhatDiffers()
    {
        PlanSettings a = new()
        {
            Nodes = 1,
            GpusPerNode = 8,
            System = "dgx-a100-80gb",
            Accelerator = "a100-sxm4-80gb",
            Tensor = 2,
            Pipeline = 1,
            Data = 4,
            MicroBatch = 1,
            Microbatches = 16,
            VirtualStages = 1,
            ZeroStage = 0,
            DistributedOptimizer = false,
            Recompute = Workloads.Accounting.RecomputeMode.None,
            SequenceParallel = false,
        };

        IReadOnlyList<string> diff = PlanExplanation.Differences(a, a with { Pipeline = 2, Data = 2, DistributedOptimizer = true });

        CollectionAssert.AreEqual(new[] { "pipeline 1 → 2", "data 4 → 2", "sharding none → distopt" }, diff.ToArray());
    }
}
