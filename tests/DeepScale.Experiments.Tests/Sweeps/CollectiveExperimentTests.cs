using DeepScale.Experiments.Spec;
using DeepScale.Experiments.Sweeps;

namespace DeepScale.Experiments.Tests.Sweeps;

[TestClass]
public sealed class CollectiveExperimentTests
{
    private const string Text = """
        name: coll
        collective: { fidelity: analytical }
        sweep:
          system: [dgx-a100-80gb]
          gpus: [8, 16]
          algorithm: [auto, ring]
          bytes: { from: "1 MiB", to: "64 MiB", factor: 4 }
        quick:
          sweep: { gpus: [8] }
        """;

    [TestMethod]
    public void Load_ExpandsSizesAndQuickForm()
    {
        CollectiveExperiment full = CollectiveExperimentLoader.LoadText(Text, "coll.yaml");
        CollectiveExperiment quick = CollectiveExperimentLoader.LoadText(Text, "coll.yaml", null, ExperimentVariant.Quick);

        Assert.AreEqual(4, full.Sizes.Length);
        Assert.AreEqual(16, full.PointCount);
        Assert.AreEqual(8, quick.PointCount);
        Assert.IsTrue(CollectiveExperimentLoader.IsCollectiveExperiment(SpecDocument.Parse(Text, "coll.yaml")));
    }

    [TestMethod]
    [DataRow("system: [dgx-a100]", "sweep.system")]
    [DataRow("algorithm: [rings]", "sweep.algorithm")]
    [DataRow("gpus: [1]", "sweep.gpus")]
    [DataRow("sizes: [1]", "sweep.sizes")]
    public void Load_BadAxis_NamesIt(string axis, string field)
    {
        string text = Text.Replace("gpus: [8, 16]", axis, StringComparison.Ordinal);

        SpecException e = Assert.ThrowsExactly<SpecException>(() => CollectiveExperimentLoader.LoadText(text, "coll.yaml"));

        Assert.AreEqual(field, e.Field);
        Assert.IsGreaterThan(0, e.Line);
    }

    [TestMethod]
    public void Run_PredictsEveryPointWithBusBandwidthRisingWithSize()
    {
        CollectiveSweepRun run = CollectiveSweepRunner.Run(CollectiveExperimentLoader.LoadText(Text, "coll.yaml"));

        Assert.HasCount(16, run.Rows);
        foreach (IGrouping<(int, string), CollectivePointRow> line in run.Rows.GroupBy(r => (r.Gpus, r.AlgorithmRequested)))
        {
            double[] busbw = [.. line.OrderBy(r => r.Bytes).Select(r => r.BusbwGbps)];
            CollectionAssert.AreEqual(busbw.Order().ToArray(), busbw, "bus bandwidth grows with the message size");
        }

        CollectivePointRow ring = run.Rows.First(r => r.AlgorithmRequested == "ring");
        Assert.AreEqual("ring", ring.Algorithm);
        Assert.AreEqual(ring.Bytes / ring.TimeS / 1e9, ring.AlgbwGbps, 1e-6 * ring.AlgbwGbps);
        Assert.AreEqual(ring.AlgbwGbps * 2 * 7 / 8, ring.BusbwGbps, 1e-6 * ring.BusbwGbps, "all-reduce busbw = algbw·2(n−1)/n");
    }
}
