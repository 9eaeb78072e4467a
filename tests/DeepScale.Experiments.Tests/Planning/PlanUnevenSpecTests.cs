using DeepScale.Experiments.Planning;
using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Tests.Planning;

[TestClass]
public sealed class PlanUnevenSpecTests
{
    [TestMethod]
    public void Plan_SpecWithAnUnevenSplit_SearchesEqualSplitsOfItsOwnPipelines()
    {
        // The spec's split fits only its own 4-stage pipeline; the planner's layouts split their layers equally.
        SpecDocument spec = ScenarioLoader.ParseText("""
            name: plan-uneven
            model: { preset: gpt3-1.7b }
            cluster: { system: dgx-a100-80gb, nodes: 1 }
            parallelism:
              pipeline: 4
              stage_layers: [7, 7, 6, 4]
            training:
              global_batch: 32
              micro_batch: 2
              precision: bf16
            """, "test");

        PlanReport report = Planner.Plan(new PlanRequest { Spec = spec, Top = 3 });

        Assert.IsNotEmpty(report.Plans);
        Assert.IsTrue(report.Plans.All(p => p.Result.IterationTimeS > 0), "every plan replays");
    }
}
