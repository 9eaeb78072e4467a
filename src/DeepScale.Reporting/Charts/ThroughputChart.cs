using DeepScale.Reporting.Inputs;

using ScottPlot;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// Throughput against GPU count on a log2 axis, one line per series, each with its ideal linear-scaling line drawn
/// from the series' smallest fitting configuration: ideal(n) = T(n₀) · n / n₀ (for strong and weak scaling alike,
/// throughput of a perfectly scaling job grows in proportion to the GPUs).
/// </summary>
public sealed record ThroughputChart : ReportChart
{
    private const int IdealSamples = 64;

    public ThroughputChart(IReadOnlyList<RunSeries> series, ThroughputMetric metric)
        : base("Throughput vs GPUs")
    {
        ArgumentNullException.ThrowIfNull(series);
        Series = series;
        Metric = metric;
    }

    public IReadOnlyList<RunSeries> Series { get; init; }

    public ThroughputMetric Metric { get; init; }

    /// <summary>Log by default, so ideal scaling is a straight line and small and large runs both read.</summary>
    public AxisScale YScale { get; init; } = AxisScale.Log;

    public bool ShowIdeal { get; init; } = true;

    protected override void Build(Plot plot)
    {
        if (Series.Count == 0)
        {
            throw new ArgumentException("A throughput chart needs at least one series.", nameof(Series));
        }

        bool log = YScale == AxisScale.Log;
        var all = new List<ScalingPoint>();
        var drawn = new List<double>();
        int omitted = 0;
        bool anyOverflow = false;
        for (int i = 0; i < Series.Count; i++)
        {
            RunSeries series = Series[i];
            IReadOnlyList<ScalingPoint> points = ScalingData.Points(series, r => ScalingData.Throughput(r, Metric), ScalingData.Column(Metric));
            all.AddRange(points);
            ScalingPoint[] shown = log ? [.. points.Where(p => p.Value > 0)] : [.. points];
            omitted += points.Count - shown.Length;
            anyOverflow |= shown.Any(p => !p.Fits);
            drawn.AddRange(shown.Select(p => p.Value));
            Color color = ChartColors.Series(i);
            ScalingData.DrawSeries(plot, shown, p => Y(p.Value), color, $"{series.Label} ({ScalingData.KindText(series.Kind)})", LinePattern.Solid, MarkerShape.FilledCircle);

            ScalingPoint? baseline = ScalingData.Baseline(points);
            if (ShowIdeal && baseline is { } b)
            {
                // Linear in GPUs, which is a curve on a log2 axis unless the y axis is log too: sample it densely.
                double from = Math.Log2(b.Gpus);
                double to = Math.Log2(points[^1].Gpus);
                double[] x = [.. Enumerable.Range(0, IdealSamples + 1).Select(k => from + ((to - from) * k / IdealSamples))];
                double[] ideal = [.. x.Select(l => b.Value * Math.Pow(2, l) / b.Gpus)];
                drawn.AddRange(ideal);
                var line = plot.Add.ScatterLine(x, ideal.Select(Y).ToArray(), color.WithAlpha(0.75));
                line.LinePattern = LinePattern.Dashed;
                line.LineWidth = 1.5f;
                line.LegendText = $"{series.Label}: ideal linear scaling";
            }
        }

        ScalingData.DoesNotFitLegend(plot, anyOverflow);
        ScalingData.GpuAxis(plot, all, ScalingData.OmittedNote(omitted, ScalingData.Column(Metric)));
        string unit = ScalingData.Unit(Metric);
        if (log)
        {
            if (drawn.Count == 0)
            {
                throw new ArgumentException($"No series has a positive {ScalingData.Column(Metric)}; nothing to show on a log scale.", nameof(Series));
            }

            (double low, double high) = ChartAxes.Log10(plot.Axes.Left, drawn.Min(), drawn.Max());
            plot.Axes.SetLimitsY(low, high);
            plot.YLabel($"throughput ({unit}, log scale)");
        }
        else
        {
            ChartStyle.LinearTicks(plot.Axes.Left);
            plot.Axes.SetLimitsY(0, drawn.Max() * 1.08);
            plot.YLabel($"throughput ({unit})");
        }

        plot.ShowLegend(Edge.Right);

        double Y(double value) => log ? Math.Log10(value) : value;
    }
}
