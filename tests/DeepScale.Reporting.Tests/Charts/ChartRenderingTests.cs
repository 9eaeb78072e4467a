using System.Text.RegularExpressions;

using DeepScale.Core.Units;
using DeepScale.Reporting.Charts;
using DeepScale.Reporting.Inputs;

namespace DeepScale.Reporting.Tests.Charts;

[TestClass]
public sealed class ChartRenderingTests
{
    /// <summary>Every chart is also written here so a person can look at it.</summary>
    public static string GalleryDirectory { get; } = Path.Combine(Path.GetTempPath(), "deepscale-reporting-charts");

    public static ReportChart Sample(string name) => name switch
    {
        "throughput" => Chart.Throughput([SampleData.Strong(), SampleData.Weak()], ThroughputMetric.SamplesPerSecond),
        "throughput-linear" => Chart.Throughput([SampleData.Strong()], ThroughputMetric.TokensPerSecond) with { YScale = AxisScale.Linear },
        "scaling-efficiency" => Chart.ScalingEfficiency([SampleData.Strong(), SampleData.Weak()]),
        "mfu" => Chart.Mfu([SampleData.Strong(), SampleData.Weak()]) with { ShowHfu = true },
        "iteration-breakdown" => Chart.IterationBreakdown(SampleData.Configurations()),
        "iteration-breakdown-normalized" => Chart.IterationBreakdown(SampleData.Configurations()) with { Normalized = true, Title = "Iteration time shares" },
        "memory-breakdown" => Chart.MemoryBreakdown(SampleData.Configurations()),
        "timeline" => Chart.Timeline(SampleData.PipelineSpans()),
        "timeline-window" => Chart.Timeline(SampleData.PipelineSpans()) with { From = SimTime.FromSeconds(0.05), To = SimTime.FromSeconds(0.2), MaxRows = 6 },
        "utilization" => Chart.Utilization(SampleData.Configurations()),
        "cost-vs-time" => Chart.CostVsTimeToTrain(SampleData.CloudPoints()),
        "predicted-vs-measured" => Chart.PredictedVsMeasured(SampleData.Comparisons(), "model TFLOP/s per GPU"),
        "predicted-vs-measured-rows" => Chart.PredictedVsMeasuredByRow(SampleData.Comparisons(), "model TFLOP/s per GPU"),
        "stress-breakdown-many" => Chart.IterationBreakdown(SampleData.ManyConfigurations()),
        "stress-memory-mixed" => Chart.MemoryBreakdown(SampleData.ManyConfigurations()[..7]),
        "stress-throughput-wide" => Chart.Throughput(SampleData.WideSeries(), ThroughputMetric.TokensPerSecond),
        "stress-efficiency-wide" => Chart.ScalingEfficiency(SampleData.WideSeries(), ThroughputMetric.ModelTeraflopsPerSecond),
        "stress-cost-many" => Chart.CostVsTimeToTrain(SampleData.ManyCloudPoints()) with { Scale = AxisScale.Linear },
        "stress-timeline-many" => Chart.Timeline(SampleData.ManyRankSpans(64)),
        "stress-single-point" => Chart.Mfu([new RunSeries("one run", [SampleData.Result("one", 8, 1, 10, 0.4)])]),
        "stress-predicted-linear" => Chart.PredictedVsMeasured(SampleData.Comparisons(), "model TFLOP/s per GPU") with { Scale = AxisScale.Linear, Tolerance = 0.05 },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such sample chart."),
    };

    [TestMethod]
    [DataRow("throughput")]
    [DataRow("throughput-linear")]
    [DataRow("scaling-efficiency")]
    [DataRow("mfu")]
    [DataRow("iteration-breakdown")]
    [DataRow("iteration-breakdown-normalized")]
    [DataRow("memory-breakdown")]
    [DataRow("timeline")]
    [DataRow("timeline-window")]
    [DataRow("utilization")]
    [DataRow("cost-vs-time")]
    [DataRow("predicted-vs-measured")]
    [DataRow("predicted-vs-measured-rows")]
    [DataRow("stress-breakdown-many")]
    [DataRow("stress-memory-mixed")]
    [DataRow("stress-throughput-wide")]
    [DataRow("stress-efficiency-wide")]
    [DataRow("stress-cost-many")]
    [DataRow("stress-timeline-many")]
    [DataRow("stress-single-point")]
    [DataRow("stress-predicted-linear")]
    public void SavePng_SampleData_WritesDecodablePngOfFixedSizeThatIsNotBlank(string name)
    {
        ReportChart chart = Sample(name);
        string path = Path.Combine(GalleryDirectory, name + ".png");

        chart.SavePng(path);

        byte[] png = File.ReadAllBytes(path);
        (int width, int height) = PngImage.Size(png);
        Assert.AreEqual(chart.Size.Width, width);
        Assert.AreEqual(chart.Size.Height, height);
        (double ink, int colors) = PngImage.Ink(png);
        Assert.IsGreaterThan(0.01, ink, $"only {ink:P1} of the pixels differ from the background");
        Assert.IsGreaterThan(20, colors);
    }

    [TestMethod]
    public void ToPng_CustomSize_HasThatSize()
    {
        ReportChart chart = Chart.Mfu([SampleData.Strong()]) with { Size = new ChartSize(640, 400) };

        (int width, int height) = PngImage.Size(chart.ToPng());

        Assert.AreEqual(640, width);
        Assert.AreEqual(400, height);
    }

    [TestMethod]
    public void WithTitleAndWithSize_Chart_KeepTheChartTypeAndChangeOnlyThose()
    {
        IterationBreakdownChart original = Chart.IterationBreakdown(SampleData.Configurations()) with { Normalized = true };

        IterationBreakdownChart changed = original.WithTitle("Where the time goes").WithSize(ChartSize.Wide);

        Assert.IsTrue(changed.Normalized);
        Assert.AreEqual("Where the time goes", changed.Title);
        Assert.AreEqual(ChartSize.Wide, changed.Size);
        Assert.AreEqual("Iteration time breakdown", original.Title);
        Assert.Contains("Where the time goes", changed.ToSvg());
    }

    [TestMethod]
    public void ToSvg_AnyChart_WritesTitleAndLabelsAsTextInDejaVuSans()
    {
        string svg = Sample("iteration-breakdown").ToSvg();

        Assert.Contains("font-family=\"DejaVu Sans\"", svg);
        Assert.DoesNotContain("Serif", svg);
        Assert.Contains("Iteration time breakdown", svg);
        Assert.Contains("time per iteration (s)", svg);
        Assert.Contains("exposed DP comm", svg);
    }

    [TestMethod]
    public void CreatePlot_LogThroughput_LabelsPowerOfTwoGpuTicksInvariantly()
    {
        string svg = Sample("throughput").ToSvg();

        string[] texts = [.. Regex.Matches(svg, @"<text[^>]*>\s*([^<]*?)\s*</text>").Select(m => m.Groups[1].Value)];

        foreach (string tick in new[] { "8", "16", "32", "512", "1024", "2048", "100", "1000" })
        {
            Assert.Contains(tick, texts);
        }

        Assert.IsFalse(texts.Any(t => t.Contains(',', StringComparison.Ordinal) && char.IsDigit(t[0])), "a tick label uses a thousands separator");
    }
}
