using DeepScale.Experiments.Spec;
using DeepScale.Experiments.Sweeps;

namespace DeepScale.Experiments.Tests.EndToEnd;

/// <summary>Every experiment under experiments/ loads and expands, in its full and quick forms, without an invalid point.</summary>
[TestClass]
public sealed class ExperimentSmokeTests
{
    public static IEnumerable<object[]> Experiments =>
        Directory.EnumerateDirectories(Repository.Experiments)
            .Where(d => File.Exists(Path.Combine(d, "experiment.yaml")))
            .Select(d => new object[] { Path.GetFileName(d) })
            .OrderBy(x => (string)x[0], StringComparer.Ordinal);

    [TestMethod]
    public void Experiments_Exist()
    {
        string[] names = [.. Experiments.Select(x => (string)x[0])];

        CollectionAssert.IsSubsetOf(
            new[] { "cloud-cost", "collectives", "hardware-upgrade", "medical-imaging", "megatron-weak-scaling", "model-averaging", "parallelism-strategies", "tp-comm-overlap", "long-context" },
            names);
    }

    [TestMethod]
    [DynamicData(nameof(Experiments))]
    public void Experiment_LoadsAndExpandsInBothForms(string name)
    {
        string folder = Path.Combine(Repository.Experiments, name);
        string path = Path.Combine(folder, "experiment.yaml");
        Assert.IsTrue(File.Exists(Path.Combine(folder, "README.md")), $"{name} has no README.md paragraph");

        if (CollectiveExperimentLoader.IsCollectiveExperiment(SpecDocument.ReadFile(path)))
        {
            CollectiveExperiment full = CollectiveExperimentLoader.LoadFile(path);
            CollectiveExperiment quick = CollectiveExperimentLoader.LoadFile(path, ExperimentVariant.Quick);
            Assert.IsGreaterThan(0, quick.PointCount);
            Assert.IsLessThanOrEqualTo(full.PointCount, quick.PointCount);
            return;
        }

        foreach (ExperimentVariant variant in new[] { ExperimentVariant.Full, ExperimentVariant.Quick })
        {
            Experiment experiment = ExperimentLoader.LoadFile(path, variant);
            SweepExpansion expansion = SweepExpander.Expand(experiment);
            expansion.ThrowIfInvalid();
            Assert.AreEqual(name, experiment.Name);
            Assert.IsNotEmpty(experiment.Description, $"{name}: the description is the question the summary opens with");
            Assert.IsTrue(expansion.Valid.Any());
        }

        Assert.IsLessThanOrEqualTo(ExperimentLoader.LoadFile(path).PointCount, ExperimentLoader.LoadFile(path, ExperimentVariant.Quick).PointCount);
    }
}
