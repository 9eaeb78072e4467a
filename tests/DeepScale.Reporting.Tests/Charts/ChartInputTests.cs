using DeepScale.Experiments.Results;
using DeepScale.Reporting.Charts;
using DeepScale.Reporting.Formatting;
using DeepScale.Reporting.Inputs;

namespace DeepScale.Reporting.Tests.Charts;

[TestClass]
public sealed class ChartInputTests
{
    [TestMethod]
    public void ToPng_NaNMfu_ThrowsNamingColumnAndPoint()
    {
        RunResult bad = SampleData.Result("bad", 16, 1, 10, double.NaN);
        ReportChart chart = Chart.Mfu([new RunSeries("s", [SampleData.Result("ok", 8, 1, 10, 0.4), bad])]);

        var error = Assert.ThrowsExactly<NonFiniteValueException>(() => chart.ToPng());

        Assert.AreEqual("mfu", error.Column);
        Assert.Contains("series 's' at 16 GPUs", error.Message);
        Assert.Contains("is NaN", error.Message);
    }

    [TestMethod]
    public void ToPng_InfiniteBreakdownPart_ThrowsNamingTheBreakdownKey()
    {
        RunResult r = SampleData.Result("r", 8, 1, 10, 0.4);
        r = r with { BreakdownS = r.BreakdownS with { PipelineBubble = double.PositiveInfinity } };

        var error = Assert.ThrowsExactly<NonFiniteValueException>(() => Chart.IterationBreakdown([new LabeledResult("cfg", r)]).ToPng());

        Assert.AreEqual("breakdown_s.pipeline_bubble", error.Column);
        Assert.Contains("configuration 'cfg'", error.Message);
    }

    [TestMethod]
    public void ToPng_TwoRunsAtSameGpuCount_ThrowsNamingSeries()
    {
        ReportChart chart = Chart.Throughput([new RunSeries("dup", [SampleData.Result("a", 8, 1, 10, 0.4), SampleData.Result("b", 8, 1, 11, 0.4)])]);

        var error = Assert.ThrowsExactly<ArgumentException>(() => chart.ToPng());

        Assert.Contains("'dup' has two runs at 8 GPUs", error.Message);
    }

    [TestMethod]
    public void ToPng_NoSeries_Throws()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => Chart.ScalingEfficiency([]).ToPng());

        Assert.Contains("needs a series with a configuration that fits", error.Message);
    }

    [TestMethod]
    public void ScalingEfficiency_ASeriesWhereNothingFits_IsListedAndTheOthersDrawn()
    {
        var nothingFits = new RunSeries("zero=0", [SampleData.Result("a", 8, 1, 10, 0.4, peakGib: 94), SampleData.Result("b", 16, 1, 20, 0.4, peakGib: 94)]);
        ReportChart chart = Chart.ScalingEfficiency([nothingFits, SampleData.Strong()]);

        Assert.IsTrue(ScalingEfficiencyChart.HasBaseline([nothingFits, SampleData.Strong()], ThroughputMetric.SamplesPerSecond));
        Assert.IsFalse(ScalingEfficiencyChart.HasBaseline([nothingFits], ThroughputMetric.SamplesPerSecond));
        Assert.IsGreaterThan(1000, chart.ToPng().Length);
        Assert.ThrowsExactly<ArgumentException>(() => Chart.ScalingEfficiency([nothingFits]).ToPng());
    }

    [TestMethod]
    public void ToPng_NegativeValueOnLogScale_ThrowsSuggestingLinear()
    {
        ReportChart chart = Chart.PredictedVsMeasured([new PredictionComparison("row", -1, 2)], "x (s)");

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => chart.ToPng());

        Assert.Contains("AxisScale.Linear", error.Message);
    }

    [TestMethod]
    public void PredictionComparison_ZeroMeasured_ThrowsNamingLabel()
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PredictionComparison("row 3", 1, 0));

        Assert.Contains("comparison 'row 3'", error.Message);
    }

    [TestMethod]
    public void PredictionComparison_RelativeError_IsPredictedMinusMeasuredOverMeasured()
    {
        Assert.AreEqual(0.05, new PredictionComparison("r", 147, 140).RelativeError, 1e-12);
        Assert.AreEqual(-0.2, new PredictionComparison("r", 80, 100).RelativeError, 1e-12);
    }

    [TestMethod]
    public void CostTimePoint_FromResult_MultipliesIterationTimeAndCostByIterations()
    {
        RunResult r = SampleData.Result("r", 64, 2.5, 10, 0.4, usdPerHour: 32);

        CostTimePoint point = CostTimePoint.FromResult("r", r, 10_000);

        Assert.AreEqual(25_000, point.TimeToTrainSeconds, 1e-9);
        Assert.AreEqual(10_000 * r.Cost.UsdPerIteration, point.CostUsd, 1e-9);
        Assert.AreEqual(32.0 * 64 / 8 * 25_000 / 3600, point.CostUsd, 1e-6);
    }

    [TestMethod]
    public void EfficiencyPercent_HalfTheIdealPerGpuThroughput_IsFiftyPercent()
    {
        ScalingPoint[] points = [new(8, 100, true), new(16, 180, true), new(64, 400, true)];

        IReadOnlyList<ScalingPoint> efficiency = ScalingData.EfficiencyPercent(points, points[0]);

        Assert.AreEqual(100, efficiency[0].Value, 1e-12);
        Assert.AreEqual(90, efficiency[1].Value, 1e-12);
        Assert.AreEqual(50, efficiency[2].Value, 1e-12);
    }

    [TestMethod]
    public void Baseline_SmallestRunDoesNotFit_IsTheSmallestThatFits()
    {
        ScalingPoint[] points = [new(4, 50, false), new(8, 100, true), new(16, 180, true)];

        Assert.AreEqual(new ScalingPoint(8, 100, true), ScalingData.Baseline(points));
    }
}
