using DeepScale.Experiments.Spec;
using DeepScale.Experiments.Sweeps;

namespace DeepScale.Experiments.Tests.Sweeps;

/// <summary>Axis groups, the quick form and the report section of an experiment file.</summary>
[TestClass]
public sealed class ExperimentLoaderExtensionTests
{
    private const string Base = """
        name: groups
        base:
          name: groups
          model: { preset: gpt3-1.7b }
          cluster: { system: dgx-a100-80gb, nodes: 1 }
          training: { global_batch: 64, micro_batch: 1 }
          fidelity: analytical
        """;

    private static Experiment Load(string rest, ExperimentVariant variant = ExperimentVariant.Full) =>
        ExperimentLoader.LoadText(Base + "\n" + rest, "groups.yaml", null, variant);

    private const string Grouped = """
        sweep:
          scale:
            cluster.nodes: [1, 1, 2]
            cluster.gpus_per_node: [4, 8, 8]
          parallelism.tensor: [1, 2]

        """;

    [TestMethod]
    public void Load_Group_AdvancesItsAxesTogetherInsideTheProduct()
    {
        Experiment x = Load(Grouped);
        SweepExpansion e = SweepExpander.Expand(x);

        Assert.AreEqual(6, x.PointCount);
        Assert.AreEqual("scale", x.Axes[0].Group);
        Assert.IsNull(x.Axes[2].Group);
        CollectionAssert.AreEqual(new[] { 4, 4, 8, 8, 16, 16 }, e.Points.Select(p => p.Scenario!.Gpus).ToArray());
        Assert.AreEqual("cluster.nodes=2, cluster.gpus_per_node=8, parallelism.tensor=2", e.Points[5].Label);
    }

    [TestMethod]
    public void Load_GroupOfUnequalLengths_NamesTheAxis()
    {
        SpecException e = Assert.ThrowsExactly<SpecException>(() => Load("sweep:\n  scale:\n    cluster.nodes: [1, 2]\n    cluster.gpus_per_node: [8]\n"));

        Assert.AreEqual("sweep.scale.cluster.gpus_per_node", e.Field);
        Assert.AreEqual(SpecErrorKind.Sweep, e.Kind);
    }

    [TestMethod]
    public void Load_FieldInTwoAxes_IsAnError()
    {
        SpecException e = Assert.ThrowsExactly<SpecException>(() => Load("sweep:\n  cluster.nodes: [1, 2]\n  g:\n    cluster.nodes: [1]\n    parallelism.tensor: [2]\n"));

        Assert.AreEqual("sweep.cluster.nodes", e.Field);
        Assert.Contains("two axes", e.Message);
    }

    [TestMethod]
    public void Load_UnknownFieldInGroup_NamesTheField()
    {
        SpecException e = Assert.ThrowsExactly<SpecException>(() => Load("sweep:\n  g:\n    cluster.nodez: [1]\n"));

        Assert.AreEqual("cluster.nodez", e.Field);
        Assert.Contains("nearest: cluster.nodes", e.Message);
    }

    [TestMethod]
    public void Load_Quick_ReplacesTheNamedAxesAndAppliesItsSet()
    {
        const string Text = Grouped + """
            quick:
              sweep:
                parallelism.tensor: [4]
                scale:
                  cluster.nodes: [1]
                  cluster.gpus_per_node: [8]
              set: { seed: 7 }
            """;

        Experiment full = Load(Text);
        Experiment quick = Load(Text, ExperimentVariant.Quick);
        SweepExpansion e = SweepExpander.Expand(quick);

        Assert.AreEqual(6, full.PointCount);
        Assert.AreEqual(1, quick.PointCount);
        Assert.AreEqual(ExperimentVariant.Quick, quick.Variant);
        Assert.AreEqual((8, 4, 7UL), (e.Points[0].Scenario!.Gpus, e.Points[0].Scenario!.Layout.Tensor, e.Points[0].Scenario!.Seed));
    }

    [TestMethod]
    public void Load_QuickAxisNotInSweep_FailsInEitherForm()
    {
        const string Text = "sweep:\n  cluster.nodes: [1, 2]\nquick:\n  sweep:\n    parallelism.tensor: [2]\n";

        SpecException full = Assert.ThrowsExactly<SpecException>(() => Load(Text));
        SpecException quick = Assert.ThrowsExactly<SpecException>(() => Load(Text, ExperimentVariant.Quick));

        Assert.AreEqual("quick.sweep.parallelism.tensor", full.Field);
        Assert.AreEqual(full.Message, quick.Message);
    }

    [TestMethod]
    public void Load_QuickGivesPartOfAGroup_IsAnError()
    {
        SpecException e = Assert.ThrowsExactly<SpecException>(() => Load(Grouped + "quick:\n  sweep:\n    scale:\n      cluster.nodes: [1]\n"));

        Assert.AreEqual("quick.sweep.scale", e.Field);
    }

    [TestMethod]
    public void Load_Report_ReadsTheJobAndTimeline()
    {
        Experiment x = Load("sweep:\n  cluster.nodes: [1, 2]\nreport:\n  epochs: 30\n  samples: 1000\n  token_budget: 3e11\n  timeline: true\n");

        Assert.AreEqual((30, 1000L, 3e11, true), (x.Report.Epochs, x.Report.Samples, x.Report.TokenBudget, x.Report.Timeline));
        Assert.IsNull(x.Report.Reference);
    }

    [TestMethod]
    [DataRow("report:\n  epoch: 3\n", "report.epoch")]
    [DataRow("report:\n  epochs: 0\n", "report.epochs")]
    [DataRow("report:\n  reference: { file: nowhere.csv, metric: mfu, key_column: gpus, column: x }\n", "report.reference.file")]
    [DataRow("quick:\n  sweeps: {}\n", "quick.sweeps")]
    public void Load_BadReportOrQuick_NamesTheField(string section, string field)
    {
        SpecException e = Assert.ThrowsExactly<SpecException>(() => Load("sweep:\n  cluster.nodes: [1, 2]\n" + section));

        Assert.AreEqual(field, e.Field);
    }
}
