using DeepScale.Experiments.Results;
using DeepScale.Reporting.Formatting;
using DeepScale.Reporting.Inputs;

using ScottPlot;

namespace DeepScale.Reporting.Charts;

/// <summary>Reads scaling series into sorted, checked points, and draws the parts scaling charts share.</summary>
internal static class ScalingData
{
    public static string Unit(ThroughputMetric metric) => metric switch
    {
        ThroughputMetric.SamplesPerSecond => "samples/s",
        ThroughputMetric.TokensPerSecond => "tokens/s",
        ThroughputMetric.ModelTeraflopsPerSecond => "model TFLOP/s, all GPUs",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown throughput metric."),
    };

    public static string Column(ThroughputMetric metric) => metric switch
    {
        ThroughputMetric.SamplesPerSecond => "samples_per_s",
        ThroughputMetric.TokensPerSecond => "tokens_per_s",
        ThroughputMetric.ModelTeraflopsPerSecond => "model_tflops_per_gpu",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown throughput metric."),
    };

    public static double Throughput(RunResult run, ThroughputMetric metric) => metric switch
    {
        ThroughputMetric.SamplesPerSecond => run.SamplesPerS,
        ThroughputMetric.TokensPerSecond => run.TokensPerS,
        ThroughputMetric.ModelTeraflopsPerSecond => run.ModelTflopsPerGpu * run.Gpus,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown throughput metric."),
    };

    public static string KindText(ScalingKind kind) => kind == ScalingKind.Weak ? "weak scaling" : "strong scaling";

    /// <summary>The series' runs sorted by GPU count, with the value <paramref name="read"/> takes from each.</summary>
    public static IReadOnlyList<ScalingPoint> Points(RunSeries series, Func<RunResult, double> read, string column)
    {
        if (series.Runs.Count == 0)
        {
            throw new ArgumentException($"Scaling series '{series.Label}' has no runs.", nameof(series));
        }

        var points = new List<ScalingPoint>(series.Runs.Count);
        foreach (RunResult run in series.Runs.OrderBy(r => r.Gpus))
        {
            if (run.Gpus < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(series), run.Gpus, $"Scaling series '{series.Label}', run '{run.Name}': gpus must be at least 1.");
            }

            if (points.Count > 0 && points[^1].Gpus == run.Gpus)
            {
                throw new ArgumentException($"Scaling series '{series.Label}' has two runs at {run.Gpus} GPUs; give each configuration its own series.", nameof(series));
            }

            double value = read(run);
            if (!double.IsFinite(value))
            {
                throw new NonFiniteValueException(column, $"series '{series.Label}' at {run.Gpus} GPUs (run '{run.Name}')", value);
            }

            points.Add(new ScalingPoint(run.Gpus, value, run.Memory.Fits));
        }

        return points;
    }

    /// <summary>The reference point of the ideal line and of efficiency: the smallest GPU count that fits and has a
    /// positive value (null when none does).</summary>
    public static ScalingPoint? Baseline(IReadOnlyList<ScalingPoint> points) =>
        points.Where(p => p.Fits && p.Value > 0).Select(p => (ScalingPoint?)p).FirstOrDefault();

    /// <summary>Scaling efficiency in percent against <paramref name="baseline"/>:
    /// E(n) = 100 · (T(n) / n) / (T(n₀) / n₀).</summary>
    public static IReadOnlyList<ScalingPoint> EfficiencyPercent(IReadOnlyList<ScalingPoint> points, ScalingPoint baseline)
    {
        double perGpu = baseline.Value / baseline.Gpus;
        return [.. points.Select(p => p with { Value = 100 * p.Value / p.Gpus / perGpu })];
    }

    /// <summary>Sets the bottom axis to log2 GPUs over every point of every series, with <paramref name="notes"/>
    /// appended to its label.</summary>
    public static void GpuAxis(Plot plot, IEnumerable<ScalingPoint> allPoints, params IReadOnlyList<string> notes)
    {
        int[] gpus = [.. allPoints.Select(p => p.Gpus)];
        (double low, double high) = ChartAxes.Log2(plot.Axes.Bottom, gpus.Min(), gpus.Max());
        plot.Axes.SetLimitsX(low, high);
        ChartStyle.XLabel(plot, "GPUs (log2 scale)", notes);
    }

    /// <summary>Draws a series: a line through the points that fit, × markers for those that do not.</summary>
    public static void DrawSeries(Plot plot, IReadOnlyList<ScalingPoint> points, Func<ScalingPoint, double> y, Color color, string legend, LinePattern pattern, MarkerShape marker)
    {
        ScalingPoint[] fitting = [.. points.Where(p => p.Fits)];
        if (fitting.Length > 0)
        {
            var line = plot.Add.Scatter(fitting.Select(p => Math.Log2(p.Gpus)).ToArray(), fitting.Select(y).ToArray(), color);
            line.LegendText = legend;
            line.LineWidth = 2.5f;
            line.LinePattern = pattern;
            line.MarkerShape = marker;
            line.MarkerSize = 9;
        }

        ScalingPoint[] overflowing = [.. points.Where(p => !p.Fits)];
        if (overflowing.Length > 0)
        {
            var markers = plot.Add.Markers(overflowing.Select(p => Math.Log2(p.Gpus)).ToArray(), overflowing.Select(y).ToArray(), MarkerShape.Eks, 12, color);
            markers.MarkerLineWidth = 2.5f;
        }
    }

    /// <summary>One legend entry explaining the × markers, when any point does not fit.</summary>
    public static void DoesNotFitLegend(Plot plot, bool any)
    {
        if (!any)
        {
            return;
        }

        var legend = plot.Add.Markers(Array.Empty<double>(), Array.Empty<double>(), MarkerShape.Eks, 12, ChartColors.Reference);
        legend.LegendText = "does not fit in memory (×)";
        legend.MarkerLineWidth = 2.5f;
    }

    /// <summary>A note naming points a log axis cannot show (none when nothing was left out).</summary>
    public static string[] OmittedNote(int omitted, string what) =>
        omitted == 0 ? [] : [$"{omitted} {(omitted == 1 ? "point" : "points")} with {what} ≤ 0 not shown"];
}
