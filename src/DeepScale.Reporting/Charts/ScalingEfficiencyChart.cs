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

    protected override void Build(Plot plot)
    {
        if (Series.Count == 0)
        {
            throw new ArgumentException("A scaling-efficiency chart needs at least one series.", nameof(Series));
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
                throw new ArgumentException($"Scaling series '{series.Label}' has no configuration that fits with a positive {ScalingData.Column(Metric)}; efficiency needs one as the baseline.", nameof(Series));
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
