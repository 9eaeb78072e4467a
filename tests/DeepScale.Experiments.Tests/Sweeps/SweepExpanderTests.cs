using DeepScale.Experiments.Spec;
using DeepScale.Experiments.Sweeps;

namespace DeepScale.Experiments.Tests.Sweeps;

[TestClass]
public sealed class SweepExpanderTests
{
    private static Experiment Load(string name) => ExperimentLoader.LoadFile(Path.Combine(TestFiles.Experiments, name));

    [TestMethod]
    public void Expand_Product_FirstAxisVariesSlowest()
    {
        SweepExpansion e = SweepExpander.Expand(Load("nodes-by-tensor.yaml"));

        CollectionAssert.AreEqual(
            new[]
            {
                "cluster.nodes=1, parallelism.tensor=1", "cluster.nodes=1, parallelism.tensor=2", "cluster.nodes=1, parallelism.tensor=4",
                "cluster.nodes=2, parallelism.tensor=1", "cluster.nodes=2, parallelism.tensor=2", "cluster.nodes=2, parallelism.tensor=4",
            },
            e.Points.Select(p => p.Label).ToArray());
        CollectionAssert.AreEqual(Enumerable.Range(0, 6).ToArray(), e.Points.Select(p => p.Index).ToArray());
    }

    [TestMethod]
    public void Expand_Product_EachPointResolvesItsAssignments()
    {
        SweepExpansion e = SweepExpander.Expand(Load("nodes-by-tensor.yaml"));

        e.ThrowIfInvalid();
        foreach (SweepPoint p in e.Points)
        {
            Assert.AreEqual(SweepPointStatus.Valid, p.Status);
            Scenario s = p.Scenario!;
            int nodes = int.Parse(p.Assignments[0].ValueText, System.Globalization.CultureInfo.InvariantCulture);
            int tensor = int.Parse(p.Assignments[1].ValueText, System.Globalization.CultureInfo.InvariantCulture);
            Assert.AreEqual(nodes, s.Cluster.Nodes);
            Assert.AreEqual(tensor, s.Layout.Tensor);
            Assert.AreEqual(nodes * 8 / tensor, s.Layout.Data);
            Assert.AreEqual(Fidelity.Analytical, s.Fidelity, "the experiment's set: applies to every point");
        }

        Assert.AreEqual(6, e.Points.Select(p => p.Scenario!.SpecSha256).Distinct().Count());
    }

    [TestMethod]
    public void Expand_Twice_GivesTheSamePointsInTheSameOrder()
    {
        Experiment x = Load("nodes-by-tensor.yaml");

        string[] first = [.. SweepExpander.Expand(x).Points.Select(p => p.Scenario!.SpecSha256)];
        string[] second = [.. SweepExpander.Expand(Load("nodes-by-tensor.yaml")).Points.Select(p => p.Scenario!.SpecSha256)];

        CollectionAssert.AreEqual(first, second);
    }

    [TestMethod]
    public void LoadFile_Ranges_ExpandStepAndFactor()
    {
        Experiment x = Load("ranges.yaml");

        CollectionAssert.AreEqual(new[] { "1", "2", "4", "8" }, x.Axes[0].Values.Select(v => ((SpecScalar)v).Value).ToArray());
        CollectionAssert.AreEqual(new[] { "1", "4", "7" }, x.Axes[1].Values.Select(v => ((SpecScalar)v).Value).ToArray());
        Assert.AreEqual(12, x.PointCount);
        Assert.AreEqual("ranges", x.Name);
    }

    [TestMethod]
    public void Expand_Zip_PairsTheIthValues()
    {
        SweepExpansion e = SweepExpander.Expand(Load("zip-cloud.yaml"));

        e.ThrowIfInvalid();
        Assert.HasCount(3, e.Points);
        CollectionAssert.AreEqual(new[] { "p4d.24xlarge", "a3-highgpu-8g", "Standard_ND96isr_H100_v5" },
            e.Points.Select(p => p.Scenario!.Cluster.CloudInstance!.Instance).ToArray());
        CollectionAssert.AreEqual(new[] { Core.Units.Precision.Bf16, Core.Units.Precision.Fp8, Core.Units.Precision.Fp8 },
            e.Points.Select(p => p.Scenario!.Layout.Precision).ToArray());
        Assert.AreEqual("cluster.cloud={instance: \"p4d.24xlarge\", provider: \"aws\"}, training.precision=bf16", e.Points[0].Label);
    }

    [TestMethod]
    public void Expand_SkipInvalid_SkipsConstraintViolationsOnly()
    {
        SweepExpansion e = SweepExpander.Expand(Load("skip-invalid.yaml"));

        e.ThrowIfInvalid();
        CollectionAssert.AreEqual(
            new[] { SweepPointStatus.Valid, SweepPointStatus.Valid, SweepPointStatus.Skipped, SweepPointStatus.Valid, SweepPointStatus.Skipped, SweepPointStatus.Valid },
            e.Points.Select(p => p.Status).ToArray());
        Assert.AreEqual(SpecErrorKind.Constraint, e.Skipped.First().Error!.Kind);
        Assert.Contains("skip-invalid.yaml:5:30: parallelism.tensor: tensor·pipeline = 3·1 = 3", e.Skipped.First().Error!.Message);
    }

    [TestMethod]
    public void LoadFile_BaseIsAnExperiment_InheritsItsBaseAndSet()
    {
        Experiment x = Load("chained.yaml");
        SweepExpansion e = SweepExpander.Expand(x);

        Assert.AreEqual("chained", x.Name);
        Assert.AreEqual(SweepFilter.SkipInvalid, x.Filter);
        CollectionAssert.AreEqual(new[] { SweepPointStatus.Valid, SweepPointStatus.Valid, SweepPointStatus.Skipped }, e.Points.Select(p => p.Status).ToArray());
        Scenario s = e.Points[1].Scenario!;
        Assert.AreEqual((Fidelity.Analytical, 99UL, 2, 2), (s.Fidelity, s.Seed, s.Cluster.Nodes, s.Layout.Pipeline));
    }

    [TestMethod]
    public void LoadFile_InlineBase_PositionsPointAtTheExperimentFile()
    {
        Experiment x = Load("inline-base.yaml");
        SweepExpansion e = SweepExpander.Expand(x);

        Assert.AreEqual(4, x.MaxPoints);
        Assert.HasCount(2, e.Valid.ToList());
        SpecException error = e.Invalid.First().Error!;
        Assert.Contains("inline-base.yaml:10:28: parallelism.zero: stage 2 shards gradients", error.Message);
        SpecException thrown = Assert.ThrowsExactly<SpecException>(e.ThrowIfInvalid);
        Assert.EndsWith("(sweep point 2: parallelism.zero=2)", thrown.Message);
    }

    [TestMethod]
    public void LoadText_RelativeBase_ResolvesAgainstTheGivenFolder()
    {
        Experiment x = ExperimentLoader.LoadText("base: specs/gpt3-1.7b-base.yaml\nsweep:\n  training.micro_batch: [1, 2]\n", "adhoc.yaml", TestFiles.Experiments);

        Assert.AreEqual("adhoc", x.Name);
        Assert.AreEqual(2, SweepExpander.Expand(x).Valid.Count());
    }

    [TestMethod]
    public void Enumerate_LargeProduct_YieldsEveryPointInOrder()
    {
        Experiment x = ExperimentLoader.LoadText(
            "base: specs/gpt3-1.7b-base.yaml\nmax_points: 2000\nfilter: skip-invalid\nsweep:\n  cluster.nodes: { from: 1, to: 20 }\n  parallelism.tensor: [1, 2, 4, 8, 3]\n  training.micro_batch: { from: 1, to: 20 }\n",
            "big.yaml", TestFiles.Experiments);

        List<SweepPoint> points = [.. SweepExpander.Enumerate(x)];

        Assert.HasCount(2000, points);
        CollectionAssert.AreEqual(Enumerable.Range(0, 2000).ToArray(), points.Select(p => p.Index).ToArray());
        Assert.IsTrue(points.All(p => p.Status != SweepPointStatus.Invalid));
        Assert.IsGreaterThan(0, points.Count(p => p.Status == SweepPointStatus.Valid));
    }

    [TestMethod]
    public void LoadText_DecimalRange_CountsWithoutDrift()
    {
        Experiment x = ExperimentLoader.LoadText(
            "base: specs/gpt3-1.7b-base.yaml\nsweep:\n  cluster.device_variation: { from: 0, to: 0.15, step: 0.05 }\n", "decimal.yaml", TestFiles.Experiments);

        string[] values = [.. Enumerable.Range(0, 4).Select(i => SweepExpander.Assignments(x, i).Single().ToString())];

        CollectionAssert.AreEqual(new[] { "cluster.device_variation=0", "cluster.device_variation=0.05", "cluster.device_variation=0.1", "cluster.device_variation=0.15" }, values);
        Assert.AreEqual(4, SweepExpander.Expand(x).Valid.Count());
    }

    [TestMethod]
    public void LoadText_DecimalRangeWithoutStep_NamesTheStep()
    {
        SpecException e = Assert.ThrowsExactly<SpecException>(() => ExperimentLoader.LoadText(
            "base: specs/gpt3-1.7b-base.yaml\nsweep:\n  cluster.device_variation: { from: 0, to: 0.3 }\n", "decimal.yaml", TestFiles.Experiments));

        Assert.AreEqual("sweep.cluster.device_variation.step", e.Field);
    }

    [TestMethod]
    public void Assignments_ProductIndex_DecodesMixedRadix()
    {
        Experiment x = Load("ranges.yaml");

        Assert.AreEqual("cluster.nodes=4, training.micro_batch=7", string.Join(", ", SweepExpander.Assignments(x, 8).Select(a => a.ToString())));
    }

    [TestMethod]
    public void IsExperiment_SpecAndExperiment_AreTold()
    {
        Assert.IsTrue(ExperimentLoader.IsExperiment(SpecDocument.ReadFile(Path.Combine(TestFiles.Experiments, "ranges.yaml"))));
        Assert.IsFalse(ExperimentLoader.IsExperiment(SpecDocument.ReadFile(Path.Combine(TestFiles.Experiments, "specs", "gpt3-1.7b-base.yaml"))));
    }
}
