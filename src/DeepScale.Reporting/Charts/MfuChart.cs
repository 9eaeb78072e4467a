using DeepScale.Reporting.Inputs;

using ScottPlot;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// Model FLOPs utilization (<c>mfu</c>: model FLOP/s per GPU over the GPU's peak, Chowdhery et al. 2022, PaLM
/// Appendix B) against GPU count on a log2 axis, in percent; optionally hardware FLOPs utilization (<c>hfu</c>,
/// which also counts recomputation) as dashed lines.
/// </summary>
public sealed record MfuChart : ReportChart
{
    public MfuChart(IReadOnlyList<RunSeries> series)
        : base("Model FLOPs utilization vs GPUs")
    {
        ArgumentNullException.ThrowIfNull(series);
        Series = series;
    }

    public IReadOnlyList<RunSeries> Series { get; init; }

    public bool ShowHfu { get; init; }

    protected override void Build(Plot plot)
    {
        if (Series.Count == 0)
        {
            throw new ArgumentException("An MFU chart needs at least one series.", nameof(Series));
        }

        var all = new List<ScalingPoint>();
        double highest = 0;
        bool anyOverflow = false;
        for (int i = 0; i < Series.Count; i++)
        {
            RunSeries series = Series[i];
            Color color = ChartColors.Series(i);
            IReadOnlyList<ScalingPoint> mfu = ScalingData.Points(series, r => 100 * r.Mfu, "mfu");
            all.AddRange(mfu);
            highest = Math.Max(highest, mfu.Max(p => p.Value));
            anyOverflow |= mfu.Any(p => !p.Fits);
            ScalingData.DrawSeries(plot, mfu, p => p.Value, color, $"{series.Label}: MFU", LinePattern.Solid, MarkerShape.FilledCircle);
            if (ShowHfu)
            {
                IReadOnlyList<ScalingPoint> hfu = ScalingData.Points(series, r => 100 * r.Hfu, "hfu");
                highest = Math.Max(highest, hfu.Max(p => p.Value));
                ScalingData.DrawSeries(plot, hfu, p => p.Value, color, $"{series.Label}: HFU", LinePattern.Dashed, MarkerShape.OpenCircle);
            }
        }

        ScalingData.DoesNotFitLegend(plot, anyOverflow);
        ScalingData.GpuAxis(plot, all);
        ChartStyle.LinearTicks(plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(10, highest * 1.15));
        plot.YLabel(ShowHfu ? "FLOPs utilization (% of peak)" : "MFU (% of peak FLOP/s)");
        plot.ShowLegend(Edge.Right);
    }
}
