using DeepScale.Reporting.Inputs;

using ScottPlot;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// Scaling efficiency against GPU count on a log2 axis: throughput per GPU relative to the series' smallest fitting
/// configuration, E(n) = (T(n) / n) / (T(n₀) / n₀), in percent; 100% is perfect linear scaling.
/// </summary>
public sealed record ScalingEfficiencyChart : ReportChart
{
    public ScalingEfficiencyChart(IReadOnlyList<RunSeries> series, ThroughputMetric metric)
        : base("Scaling efficiency vs GPUs")
    {
        ArgumentNullException.ThrowIfNull(series);
        Series = series;
        Metric = metric;
    }

    public IReadOnlyList<RunSeries> Series { get; init; }

    public ThroughputMetric Metric { get; init; }

    /// <summary>
    /// Whether any series has a baseline: a configuration that fits with a positive throughput. Series without one
    /// (nothing of them fits) are listed in the legend but have no efficiency to draw.
    /// </summary>
    public static bool HasBaseline(IReadOnlyList<RunSeries> series, ThroughputMetric metric)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.Any(s => ScalingData.Baseline(ScalingData.Points(s, r => ScalingData.Throughput(r, metric), ScalingData.Column(metric))) is not null);
    }

    protected override void Build(Plot plot)
    {
        if (!HasBaseline(Series, Metric))
        {
            throw new ArgumentException($"A scaling-efficiency chart needs a series with a configuration that fits with a positive {ScalingData.Column(Metric)} as its baseline.", nameof(Series));
        }

        var all = new List<ScalingPoint>();
        double highest = 100;
        bool anyOverflow = false;
        for (int i = 0; i < Series.Count; i++)
        {
            RunSeries series = Series[i];
            IReadOnlyList<ScalingPoint> points = ScalingData.Points(series, r => ScalingData.Throughput(r, Metric), ScalingData.Column(Metric));
            all.AddRange(points);
            if (ScalingData.Baseline(points) is not { } b)
            {
                // Nothing of this series fits: no baseline, so no efficiency; the legend says so.
                var none = plot.Add.ScatterPoints(Array.Empty<double>(), Array.Empty<double>(), ChartColors.Series(i));
                none.LegendText = $"{series.Label} (nothing fits: no baseline)";
                continue;
            }

            IReadOnlyList<ScalingPoint> efficiency = ScalingData.EfficiencyPercent(points, b);
            highest = Math.Max(highest, efficiency.Max(p => p.Value));
            anyOverflow |= efficiency.Any(p => !p.Fits);
            ScalingData.DrawSeries(plot, efficiency, p => p.Value, ChartColors.Series(i), $"{series.Label} ({ScalingData.KindText(series.Kind)}, base: {b.Gpus} GPU{(b.Gpus == 1 ? "" : "s")})", LinePattern.Solid, MarkerShape.FilledCircle);
        }

        var ideal = plot.Add.HorizontalLine(100, 1.5f, ChartColors.Reference, LinePattern.Dashed);
        ideal.LegendText = "ideal (100%)";
        ScalingData.DoesNotFitLegend(plot, anyOverflow);
        ScalingData.GpuAxis(plot, all);
        ChartStyle.LinearTicks(plot.Axes.Left);
        plot.Axes.SetLimitsY(0, highest * 1.1);
        plot.YLabel($"scaling efficiency (%, per-GPU {ScalingData.Unit(Metric)} vs base)");
        plot.ShowLegend(Edge.Right);
    }
}
