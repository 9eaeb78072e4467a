using System.Globalization;

using DeepScale.Experiments.Planning;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Workloads.Accounting;

namespace DeepScale.Experiments.Tests.Planning;

/// <summary>The planner's context-parallel axis: searched when asked, kept from the spec otherwise, pruned safely.</summary>
[TestClass]
public sealed class PlannerContextTests
{
    private static SpecDocument LongSequence(string attention = "flash", string parallelism = "") => ScenarioLoader.ParseText(
        string.Create(CultureInfo.InvariantCulture, $"""
        name: plan-long
        model:
          preset: llama3-8b
          seq_len: 32768
        cluster:
          system: dgx-h100
          nodes: 2
        {parallelism}
        training:
          global_batch: 16
          precision: bf16
          attention: {attention}
        """), "test");

    private static PlanSearchSpace Space(params int[] contexts) => new()
    {
        Context = [.. contexts],
        MicroBatches = [1],
        VirtualStages = [1],
        Recompute = [RecomputeMode.Selective, RecomputeMode.Full],
    };

    [TestMethod]
    public void Plan_LongSequence_PrefersContextParallelism_AndItsScenarioReproducesIt()
    {
        SpecDocument spec = LongSequence();
        PlanReport report = Planner.Plan(PlanningSpecs.Analytical(spec, top: 10, Space(1, 2, 4, 8)));

        RankedPlan best = report.Plans[0];
        Assert.IsGreaterThan(1, best.Settings.Context, best.Settings.Label);
        StringAssert.Contains(best.Settings.Label, $" c{best.Settings.Context} ");
        foreach (RankedPlan p in report.Plans)
        {
            PlanSettings s = p.Settings;
            Assert.AreEqual(s.Gpus, s.Tensor * s.Context * s.Pipeline * s.Data, s.Label);
        }

        Scenario scenario = PlanScenarios.ScenarioFor(spec, best.Settings, "best");
        Assert.AreEqual(best.Settings.Context, scenario.Layout.Context);
        double simulated = ScenarioRunner.Run(scenario, new RunOptions { Fidelity = Fidelity.Analytical }).Result.IterationTimeS;
        Assert.AreEqual(best.AnalyticalIterationTimeS, simulated, simulated * 1e-9);
    }

    [TestMethod]
    public void Plan_AllToAll_SkipsSplitsWhoseHeadsTheContextDoesNotDivide()
    {
        // Llama 3 8B has 8 key/value heads: under a2a, tensor · context must divide them (t2 c8 and t1 c16 cannot).
        SpecDocument spec = LongSequence(parallelism: "parallelism: { context_comm: a2a }");
        PlanReport report = Planner.Plan(PlanningSpecs.Analytical(spec, top: 50, Space(1, 2, 4, 8, 16)));

        Assert.IsNotEmpty(report.Plans);
        Assert.IsTrue(report.Plans.Any(p => p.Settings.Context > 1));
        foreach (RankedPlan p in report.Plans)
        {
            Assert.AreEqual(0, 8 % (p.Settings.Tensor * p.Settings.Context), p.Settings.Label);
        }
    }

    [TestMethod]
    public void Plan_ContextForms_AreSearched_AndTheChosenFormsScenarioReproducesIt()
    {
        SpecDocument spec = LongSequence();
        PlanSearchSpace space = Space(1, 2, 4, 8) with
        {
            ContextCommunications = [ContextCommunication.P2P, ContextCommunication.AllGather, ContextCommunication.AllToAll],
        };
        PlanReport report = Planner.Plan(PlanningSpecs.Analytical(spec, top: 200, space));

        RankedPlan[] split = [.. report.Plans.Where(p => p.Settings.Context > 1)];
        CollectionAssert.IsSubsetOf(
            new[] { ContextCommunication.P2P, ContextCommunication.AllGather, ContextCommunication.AllToAll },
            split.Select(p => p.Settings.ContextCommunication).Distinct().ToArray());
        foreach (RankedPlan p in split.Where(p => p.Settings.ContextCommunication != ContextCommunication.P2P))
        {
            StringAssert.Contains(p.Settings.Label, $" c{p.Settings.Context} {p.Settings.ContextCommunicationName} ");
        }

        RankedPlan a2a = split.First(p => p.Settings.ContextCommunication == ContextCommunication.AllToAll);
        Scenario scenario = PlanScenarios.ScenarioFor(spec, a2a.Settings, "a2a");
        Assert.AreEqual(ContextCommunication.AllToAll, scenario.Layout.ContextCommunication);
        double simulated = ScenarioRunner.Run(scenario, new RunOptions { Fidelity = Fidelity.Analytical }).Result.IterationTimeS;
        Assert.AreEqual(a2a.AnalyticalIterationTimeS, simulated, simulated * 1e-9);
    }

    [TestMethod]
    public void Plan_WithoutAContextList_KeepsTheSpecsContext()
    {
        PlanReport report = Planner.Plan(PlanningSpecs.Analytical(LongSequence(parallelism: "parallelism: { context: 2 }"), top: 10, Space()));

        Assert.IsNotEmpty(report.Plans);
        Assert.IsTrue(report.Plans.All(p => p.Settings.Context == 2));
    }

    [TestMethod]
    public void Plan_UnfusedAttention_SearchesNoContextSplit()
    {
        PlanReport report = Planner.Plan(PlanningSpecs.Analytical(LongSequence("unfused"), top: 10, Space(1, 2, 4)));

        Assert.IsTrue(report.Plans.All(p => p.Settings.Context == 1));
    }

    [TestMethod]
    public void Plan_Pruning_ChangesNoAnswer_WithContextRanks()
    {
        SpecDocument spec = LongSequence();
        PlanSearchSpace space = Space(1, 2, 4) with { ZeroStages = [0, 1, 3] };
        PlanReport pruned = Planner.Plan(PlanningSpecs.Analytical(spec, top: 10, space));
        PlanReport all = Planner.Plan(PlanningSpecs.Analytical(spec, top: 10, space with { Prune = false }));

        CollectionAssert.AreEqual(all.Plans.Select(p => p.Settings.Label).ToArray(), pruned.Plans.Select(p => p.Settings.Label).ToArray());
    }
}
