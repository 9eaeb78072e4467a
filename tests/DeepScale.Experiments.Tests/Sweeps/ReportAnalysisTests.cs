using System.Collections.Immutable;

using DeepScale.Experiments.Reports;
using DeepScale.Experiments.Sweeps;

using static DeepScale.Experiments.Tests.Sweeps.ReportTestData;

namespace DeepScale.Experiments.Tests.Sweeps;

[TestClass]
public sealed class ReportAnalysisTests
{
    /// <summary>Two storage tiers × 1, 2, 4 GPUs; the NFS series stalls from 2 GPUs on.</summary>
    private static (ReportLayout Layout, ReportPoint[] Points) Storage()
    {
        ReportPoint[] points =
        [
            Point(0, Result(1, 1.0, batch: 64), ("cluster.gpus", "1"), ("data.storage", "local-nvme")),
            Point(1, Result(1, 1.0, batch: 64), ("cluster.gpus", "1"), ("data.storage", "nfs")),
            Point(2, Result(2, 1.0, batch: 128), ("cluster.gpus", "2"), ("data.storage", "local-nvme")),
            Point(3, Result(2, 2.0, batch: 128, stallS: 1.0), ("cluster.gpus", "2"), ("data.storage", "nfs")),
            Point(4, Result(4, 1.0, batch: 256), ("cluster.gpus", "4"), ("data.storage", "local-nvme")),
            Point(5, Result(4, 4.0, batch: 256, stallS: 3.0), ("cluster.gpus", "4"), ("data.storage", "nfs")),
        ];
        ImmutableArray<ManifestAxis> axes = Axes(("cluster.gpus", null, ["1", "2", "4"]), ("data.storage", null, ["local-nvme", "nfs"]));
        return (ReportLayout.Of("storage", axes, "product", points), points);
    }

    [TestMethod]
    public void Layout_ScaleAxisAndSeriesAxis_AreToldApart()
    {
        (ReportLayout layout, ReportPoint[] points) = Storage();

        Assert.IsTrue(layout.ScalesGpus);
        Assert.IsTrue(layout.Weak, "the global batch grows with the GPUs");
        Assert.IsFalse(layout.ModelGrows);
        Assert.HasCount(1, layout.SeriesDimensions);
        Assert.AreEqual("nfs", layout.SeriesLabel(points[3]));
        Assert.AreEqual("nfs · 2 GPUs", layout.Label(points[3]));
        Assert.AreEqual(layout.SeriesKey(points[1]), layout.SeriesKey(points[5]));
    }

    [TestMethod]
    public void Plan_GpusVaryAndDataStalls_ScalingStallAndBarCharts()
    {
        (ReportLayout layout, ReportPoint[] points) = Storage();

        ImmutableArray<PlannedChart> plan = ChartPlanner.Plan(layout, points, ReportSettings.None);

        CollectionAssert.AreEqual(
            new[] { "throughput.png", "scaling-efficiency.png", "mfu.png", "data-stall.png", "breakdown.png", "memory.png" },
            plan.Select(c => c.FileName).ToArray());
        Assert.HasCount(2, plan[0].Series);
        CollectionAssert.AreEqual(new[] { 1, 3, 5 }, plan[0].Series[1].Points.ToArray());
        Assert.AreEqual(PlannedMetric.Tokens, plan[0].Metric);
    }

    [TestMethod]
    public void Plan_PricedAndSized_AddsCostVsTime()
    {
        ReportPoint[] points =
        [
            Point(0, Result(8, 1.0, usdPerHour: 30), ("cluster.nodes", "1")),
            Point(1, Result(16, 0.6, usdPerHour: 60), ("cluster.nodes", "2")),
        ];
        ReportLayout layout = ReportLayout.Of("cost", Axes(("cluster.nodes", null, ["1", "2"])), "product", points);

        ImmutableArray<PlannedChart> plan = ChartPlanner.Plan(layout, points, new ReportSettings { TokenBudget = 1e9 });

        Assert.IsTrue(plan.Any(c => c.Kind == ReportChartKind.CostVsTime && c.Bars.Length == 2));
    }

    [TestMethod]
    public void Plan_ManySeries_SplitsFiguresByTheFirstSeriesAxis()
    {
        var points = new List<ReportPoint>();
        string[] systems = ["a", "b", "c"];
        string[] tiers = ["t1", "t2", "t3"];
        foreach (string system in systems)
        {
            foreach (string tier in tiers)
            {
                foreach (int gpus in new[] { 1, 2 })
                {
                    points.Add(Point(points.Count, Result(gpus, 1.0), ("cluster.system", system), ("cluster.gpus", gpus.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("data.storage", tier)));
                }
            }
        }

        ReportLayout layout = ReportLayout.Of("facets", Axes(("cluster.system", null, systems), ("cluster.gpus", null, ["1", "2"]), ("data.storage", null, tiers)), "product", points);

        ImmutableArray<PlannedChart> throughput = [.. ChartPlanner.Plan(layout, points, ReportSettings.None).Where(c => c.Kind == ReportChartKind.Throughput)];

        CollectionAssert.AreEqual(new[] { "throughput-a.png", "throughput-b.png", "throughput-c.png" }, throughput.Select(c => c.FileName).ToArray());
        CollectionAssert.AreEqual(new[] { "t1", "t2", "t3" }, throughput[0].Series.Select(s => s.Label).ToArray());
    }

    [TestMethod]
    public void Findings_StallOnsetScalingAndEffect_AreComputedFromTheData()
    {
        (ReportLayout layout, ReportPoint[] points) = Storage();

        string text = string.Join("\n", SweepFindings.Of(layout, points, ReportSettings.None, []));

        Assert.Contains("nfs: from 2 GPUs (stall 50.0% there, 75.0% at 4 GPUs)", text);
        Assert.Contains("local-nvme: keeps up to 4 GPUs (stall 0.0% there)", text);
        Assert.Contains("local-nvme: 1 → 4 GPUs (global batch growing with the GPUs): throughput ×4.00 (ideal ×4.00), scaling efficiency 100.0%", text);
        Assert.Contains("nfs: 1 → 4 GPUs (global batch growing with the GPUs): throughput ×1.00 (ideal ×4.00), scaling efficiency 25.0%", text);
        Assert.Contains("relative to local-nvme: nfs ×0.500 over 3 matched configurations", text);
    }

    [TestMethod]
    public void Findings_SequenceLengthsDiffer_RankTheConfigurationsOfEachJobApart()
    {
        // Two strategies × two sequence lengths: the short job runs more tokens per second whatever the strategy, so
        // one overall winner would only name the shorter sequence.
        ReportPoint[] points =
        [
            Point(0, Result(8, 1.0), ("parallelism.tensor", "8"), ("model.seq_len", "8192")),
            Point(1, Result(8, 4.0), ("parallelism.tensor", "8"), ("model.seq_len", "131072")),
            Point(2, Result(8, 1.2), ("parallelism.tensor", "1"), ("model.seq_len", "8192")),
            Point(3, Result(8, 3.0), ("parallelism.tensor", "1"), ("model.seq_len", "131072")),
        ];
        ImmutableArray<ManifestAxis> axes = Axes(("parallelism.tensor", null, ["8", "1"]), ("model.seq_len", null, ["8192", "131072"]));
        var layout = ReportLayout.Of("long", axes, "product", points);

        string text = string.Join("\n", SweepFindings.Of(layout, points, ReportSettings.None, []));

        CollectionAssert.AreEqual(new[] { "model.seq_len" }, layout.WorkloadFields.ToArray());
        Assert.Contains("**Best configuration** for each model.seq_len", text);
        Assert.Contains("seq_len=8192: tensor=8 · seq_len=8192 at", text);
        Assert.Contains("seq_len=131072: tensor=1 · seq_len=131072 at", text);
    }

    [TestMethod]
    public void Findings_StorageVaries_IsOneJob()
    {
        (ReportLayout layout, _) = Storage();

        Assert.IsTrue(layout.WorkloadFields.IsEmpty, "where the data sits does not change the job");
    }

    [TestMethod]
    public void TrainingJob_EpochsAndTokens_GiveIterationsTimeAndCost()
    {
        var r = Result(8, 2.0, batch: 100, usdPerHour: 36);

        Assert.AreEqual(30.0, TrainingJob.Iterations(r, new ReportSettings { Epochs = 3, Samples = 1000 })!.Value, 1e-9);
        Assert.AreEqual(60.0, TrainingJob.Seconds(r, new ReportSettings { Epochs = 3, Samples = 1000 })!.Value, 1e-9);
        Assert.AreEqual(10.0 * 2.0 * 36 / 3600, TrainingJob.CostUsd(r, new ReportSettings { TokenBudget = 1e6 })!.Value, 1e-12);
        Assert.IsNull(TrainingJob.Seconds(r, ReportSettings.None));
    }

    [TestMethod]
    [DataRow(30.0, "30.0 s")]
    [DataRow(1800.0, "30.0 min")]
    [DataRow(5400.0, "1.50 h")]
    [DataRow(36000.0, "10.0 h")]
    [DataRow(3 * 86400.0, "3.00 days")]
    [DataRow(21 * 86400.0, "21.0 days (3.00 weeks)")]
    public void Format_Duration_PicksTheUnit(double seconds, string expected) =>
        Assert.AreEqual(expected, ReportFormat.Duration(seconds));

    [TestMethod]
    public void Manifest_RoundTripsThroughJson()
    {
        var manifest = new SweepManifest
        {
            Kind = SweepManifest.TrainingKind,
            Experiment = "x",
            ExperimentFile = "experiments/x/experiment.yaml",
            ResultsDirectory = "results/x",
            ExperimentSha256 = "ab",
            Variant = "quick",
            Mode = "product",
            Axes = Axes(("cluster.nodes", "scale", ["1", "2"])),
            Report = new ManifestReport { Epochs = 3, Samples = 10 },
            DeepscaleVersion = "0.1.0",
            CatalogVersion = "c",
            BuildFingerprint = "f",
            GitCommit = GitCommit.Unknown,
            Status = "complete",
            Counts = new ManifestCounts { Total = 2, Valid = 2, Finished = 2, Simulated = 1, Reused = 1, Skipped = 0, Failed = 0 },
            Skipped = [new ManifestNote { Point = "p", Reason = "r" }],
            StartedUtc = "2026-01-01T00:00:00Z",
            WallS = 1.5,
            Jobs = 2,
            Host = "h",
        };

        SweepManifest back = SweepManifest.Parse(manifest.ToJson(), "manifest.json");

        Assert.AreEqual(manifest.ToJson(), back.ToJson());
        Assert.AreEqual("scale", back.Axes[0].Group);
        Assert.Contains("\"build_fingerprint\": \"f\"", manifest.ToJson());
        Assert.ThrowsExactly<InvalidDataException>(() => SweepManifest.Parse("{ \"kind\": 3 }", "bad.json"));
    }
}
