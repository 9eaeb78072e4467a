using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Analytical;
using DeepScale.Parallelism.Layout;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Tests.Planning;

[TestClass]
public sealed class SlicedAnalyticalEstimatorTests
{
    /// <summary>Analytic cross-check: the table-driven estimate equals <see cref="AnalyticalEstimator"/> on random layouts.</summary>
    [TestMethod]
    [DataRow("gpt3-1.7b", 11UL)]
    [DataRow("llama2-7b", 12UL)]
    [DataRow("bert-large", 13UL)]
    public void Estimate_RandomLayouts_AgreesWithAnalyticalEstimator(string preset, ulong seed)
    {
        Scenario scenario = ScenarioLoader.Resolve(PlanningSpecs.OnDgx("gpt3-1.7b", 4, 256));
        Cluster cluster = ClusterFactory.Build(scenario);
        var collectives = new CollectiveModel(cluster);
        ComputeCostModel cost = ScenarioRunner.CostModelFor(scenario, Hardware.Catalog.HardwareCatalog.Default);
        var model = (TransformerModel)ModelZoo.Get(preset);
        int checkedLayouts = 0;
        foreach (TrainingLayout layout in RandomLayouts.Draw(model, 32, 8, 256, seed, 40))
        {
            ModelAccount account = ModelAccountant.Account(model, RandomLayouts.AccountingOf(layout));
            ModelTiming timing = cost.Time(account);
            var comm = new ClusterCommunicationCost(collectives, new RankGrid(layout.Tensor, layout.Pipeline, layout.Data, layout.Placement), cluster.Accelerators);

            AnalyticalEstimate expected = AnalyticalEstimator.Estimate(model, account, timing, layout, cost, comm);
            AnalyticalEstimate actual = SlicedAnalyticalEstimator.Estimate(LayerCostTable.Build(model, account, timing, layout.Overlap.Userbuffers(layout.SequenceParallel)), layout, cost, comm);

            string what = $"{preset} {layout}";
            Assert.AreEqual(expected.CriticalStage, actual.CriticalStage, what);
            Assert.AreEqual(expected.IterationTime.Seconds, actual.IterationTime.Seconds, Tolerance(expected.IterationTime.Seconds), what);
            for (int c = 0; c < expected.Parts.Length; c++)
            {
                Assert.AreEqual(expected.Parts[c].Seconds, actual.Parts[c].Seconds, Tolerance(expected.IterationTime.Seconds), $"part {c}: {what}");
            }

            checkedLayouts++;
        }

        Assert.AreEqual(40, checkedLayouts);
    }

    [TestMethod]
    public void IterationSeconds_SameLayout_EqualsTheEstimateTotal()
    {
        Scenario scenario = ScenarioLoader.Resolve(PlanningSpecs.OnDgx("gpt3-1.7b", 4, 256));
        Cluster cluster = ClusterFactory.Build(scenario);
        ComputeCostModel cost = ScenarioRunner.CostModelFor(scenario, Hardware.Catalog.HardwareCatalog.Default);
        TrainingLayout layout = scenario.Layout with { Tensor = 2, Pipeline = 4, Data = 4, MicroBatch = 2, VirtualStages = 3, Schedule = Parallelism.Pipeline.PipelineScheduleKind.Interleaved1F1B };
        ModelAccount account = ModelAccountant.Account(scenario.Model, RandomLayouts.AccountingOf(layout));
        var table = LayerCostTable.Build(scenario.Model, account, cost.Time(account), layout.Overlap.Userbuffers(layout.SequenceParallel));
        var comm = new ClusterCommunicationCost(new CollectiveModel(cluster), new RankGrid(2, 4, 4, layout.Placement), cluster.Accelerators);

        double seconds = SlicedAnalyticalEstimator.IterationSeconds(table, layout, cost, comm);

        Assert.AreEqual(SlicedAnalyticalEstimator.Estimate(table, layout, cost, comm).IterationTime.Seconds, seconds, 2e-11);
    }

    [TestMethod]
    public void Estimate_LayoutOfAnotherAccounting_Throws()
    {
        Scenario scenario = ScenarioLoader.Resolve(PlanningSpecs.OnDgx("gpt3-1.7b", 1, 64));
        Cluster cluster = ClusterFactory.Build(scenario);
        ComputeCostModel cost = ScenarioRunner.CostModelFor(scenario, Hardware.Catalog.HardwareCatalog.Default);
        ModelAccount account = ModelAccountant.Account(scenario.Model, RandomLayouts.AccountingOf(scenario.Layout));
        var table = LayerCostTable.Build(scenario.Model, account, cost.Time(account), userbuffers: false);
        var comm = new ClusterCommunicationCost(new CollectiveModel(cluster), new RankGrid(1, 1, 8, scenario.Layout.Placement), cluster.Accelerators);

        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() =>
            SlicedAnalyticalEstimator.Estimate(table, scenario.Layout with { MicroBatch = 2 }, cost, comm));

        Assert.Contains("micro_batch 1", e.Message);
    }

    /// <summary>Relative 1e-9 of the iteration, plus the 10 ps tick of a Duration.</summary>
    private static double Tolerance(double iteration) => (1e-9 * iteration) + 2e-11;
}
