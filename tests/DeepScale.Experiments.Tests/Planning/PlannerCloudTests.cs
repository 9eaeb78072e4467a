using DeepScale.Core.Units;
using DeepScale.Experiments.Planning;

namespace DeepScale.Experiments.Tests.Planning;

[TestClass]
public sealed class PlannerCloudTests
{
    private static PlanRequest Job(PlanObjective objective) =>
        PlanningSpecs.Analytical(PlanningSpecs.OnAws("gpt3-1.7b", 1, 256), top: 3, new PlanSearchSpace { ZeroStages = [0, 1, 2] }) with
        {
            Objective = objective,
            Tokens = 2e9,
            MaxGpus = 64,
            Instances = ["aws:p4d.24xlarge", "aws:p5.48xlarge"],
        };

    /// <summary>For one job, the cost objective finds a cheaper plan than the fastest one, and both reports show both dollar totals.</summary>
    [TestMethod]
    public void Plan_CostObjective_CheaperThanTheThroughputWinner()
    {
        PlanReport cheapest = Planner.Plan(Job(PlanObjective.Cost));
        PlanReport fastest = Planner.Plan(Job(PlanObjective.Throughput));

        Assert.IsTrue(cheapest.Priced);
        Assert.AreEqual(16, cheapest.Statistics.Clusters);
        Assert.IsNotNull(cheapest.Plans[0].CostUsd);
        Assert.IsNotNull(fastest.Plans[0].CostUsd);
        Assert.IsLessThan(fastest.Plans[0].CostUsd!.Value, cheapest.Plans[0].CostUsd!.Value);
        Assert.IsLessThan(cheapest.Plans[0].TimeToTrainS!.Value, fastest.Plans[0].TimeToTrainS!.Value);
        foreach (PlanReport r in (PlanReport[])[cheapest, fastest])
        {
            Assert.IsNotNull(r.Cheapest);
            Assert.IsNotNull(r.Fastest.CostUsd);
            Assert.IsLessThan(r.Fastest.CostUsd!.Value, r.Cheapest.CostUsd!.Value);
            Assert.IsLessThan(r.Cheapest.TimeToTrainS!.Value, r.Fastest.TimeToTrainS!.Value);
        }

        Assert.AreEqual(fastest.Fastest, cheapest.Fastest);
        Assert.AreEqual(fastest.Cheapest, cheapest.Cheapest);
        // 2e9 tokens / (256 samples × 2048 tokens) = 3814.7, rounded up.
        Assert.AreEqual(3_815L, cheapest.IterationsToTrain);
    }

    [TestMethod]
    public void Plan_BudgetNothingMeets_SaysSoAndShowsTheClosest()
    {
        PlanReport report = Planner.Plan(Job(PlanObjective.Throughput) with { BudgetUsd = 1 });

        Assert.IsFalse(report.ConstraintsMet);
        Assert.Contains("no plan meets the budget of $1", report.ConstraintMessage);
        Assert.HasCount(3, report.Plans);
        Assert.IsTrue(report.Plans.All(p => p.MeetsBudget == false));
        Assert.AreEqual(report.Cheapest!.CostUsd!.Value, report.Plans[0].CostUsd!.Value, 1e-6 * report.Plans[0].CostUsd!.Value);
    }

    [TestMethod]
    public void Plan_DeadlineNothingMeets_SaysSoAndShowsTheClosest()
    {
        PlanReport report = Planner.Plan(Job(PlanObjective.Cost) with { Deadline = Duration.FromMinutes(1) });

        Assert.IsFalse(report.ConstraintsMet);
        Assert.Contains("no plan meets the deadline of 0 days", report.ConstraintMessage);
        Assert.IsTrue(report.Plans.All(p => p.MeetsDeadline == false));
        Assert.AreEqual(report.Fastest.TimeToTrainS!.Value, report.Plans[0].TimeToTrainS!.Value, 1e-6 * report.Plans[0].TimeToTrainS!.Value);
    }

    [TestMethod]
    public void Plan_DeadlineSomeMeet_OnlyThoseAreRanked()
    {
        PlanReport free = Planner.Plan(Job(PlanObjective.Cost));
        double deadline = free.Fastest.TimeToTrainS!.Value * 1.5;

        PlanReport report = Planner.Plan(Job(PlanObjective.Cost) with { Deadline = Duration.FromSeconds(deadline) });

        Assert.IsTrue(report.ConstraintsMet);
        Assert.AreEqual("", report.ConstraintMessage);
        Assert.IsTrue(report.Plans.All(p => p.TimeToTrainS <= deadline && p.MeetsDeadline == true));
        Assert.IsGreaterThan(free.Plans[0].CostUsd!.Value, report.Plans[0].CostUsd!.Value);
    }
}
