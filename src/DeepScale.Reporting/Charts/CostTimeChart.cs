using DeepScale.Reporting.Inputs;

using ScottPlot;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// Cost against time to train, one labelled point per configuration, with the Pareto front (see
/// <see cref="ParetoFront"/>) drawn as a dashed line through its filled points. Time is in hours, or in days when the
/// slowest point takes three days or more.
/// </summary>
public sealed record CostTimeChart : ReportChart
{
    private const double SecondsPerHour = 3600;
    private const double HoursPerDay = 24;

    public CostTimeChart(IReadOnlyList<CostTimePoint> points)
        : base("Cost vs time to train")
    {
        ArgumentNullException.ThrowIfNull(points);
        Points = points;
    }

    public IReadOnlyList<CostTimePoint> Points { get; init; }

    /// <summary>Both axes; log by default because cloud options span orders of magnitude.</summary>
    public AxisScale Scale { get; init; } = AxisScale.Log;

    /// <summary>Label every point up to this many points; beyond it only the front is labelled.</summary>
    public int LabelAllUpTo { get; init; } = 20;

    protected override void Build(Plot plot)
    {
        if (Points.Count == 0)
        {
            throw new ArgumentException("A cost chart needs at least one point.", nameof(Points));
        }

        bool log = Scale == AxisScale.Log;
        double slowestHours = Points.Max(p => p.TimeToTrainSeconds) / SecondsPerHour;
        (double perHour, string unit) = slowestHours >= 3 * HoursPerDay ? (1 / HoursPerDay, "days") : (1.0, "hours");
        double[] time = [.. Points.Select(p => p.TimeToTrainSeconds / SecondsPerHour * perHour)];
        double[] cost = [.. Points.Select(p => p.CostUsd)];
        bool[] shown = [.. cost.Select(c => !log || c > 0)];
        if (!shown.Any(s => s))
        {
            throw new ArgumentException("Every point costs 0 USD; nothing to show on a log scale (is the cluster priced?).", nameof(Points));
        }

        IReadOnlyList<int> front = ParetoFront.Indices(Points);
        var onFront = new HashSet<int>(front);
        int[] visible = [.. Enumerable.Range(0, Points.Count).Where(i => shown[i])];
        int[] others = [.. visible.Where(i => !onFront.Contains(i))];
        int[] best = [.. front.Where(i => shown[i])];

        if (others.Length > 0)
        {
            var rest = plot.Add.Markers(others.Select(i => X(time[i])).ToArray(), others.Select(i => Y(cost[i])).ToArray(), MarkerShape.OpenCircle, 11, ChartColors.Series(8));
            rest.MarkerLineWidth = 2;
            rest.LegendText = "configuration";
        }

        var line = plot.Add.Scatter(best.Select(i => X(time[i])).ToArray(), best.Select(i => Y(cost[i])).ToArray(), ChartColors.Series(0));
        line.LinePattern = LinePattern.Dashed;
        line.LineWidth = 2;
        line.MarkerShape = MarkerShape.FilledCircle;
        line.MarkerSize = 12;
        line.LegendText = "Pareto front (nothing both faster and cheaper)";

        double[] xs = [.. visible.Select(i => time[i])];
        double[] ys = [.. visible.Select(i => cost[i])];
        if (log)
        {
            (double xLow, double xHigh) = ChartAxes.Log10(plot.Axes.Bottom, xs.Min(), xs.Max());
            (double yLow, double yHigh) = ChartAxes.Log10(plot.Axes.Left, ys.Min(), ys.Max());
            plot.Axes.SetLimits(xLow, xHigh + ((xHigh - xLow) * 0.12), yLow, yHigh + ((yHigh - yLow) * 0.06));
        }
        else
        {
            ChartStyle.LinearTicks(plot.Axes.Bottom);
            ChartStyle.LinearTicks(plot.Axes.Left);
            double spread = Math.Max(ys.Max() - ys.Min(), ys.Max() * 0.05);
            plot.Axes.SetLimits(0, xs.Max() * 1.15, Math.Max(0, ys.Min() - (0.12 * spread)), ys.Max() + (0.12 * spread));
        }

        string scale = log ? ", log scale" : "";
        ChartStyle.XLabel(plot, $"time to train ({unit}{scale})", visible.Length < Points.Count ? [$"{Points.Count - visible.Length} unpriced points (0 USD) not shown"] : []);
        plot.YLabel($"cost (USD{scale})");
        plot.ShowLegend(Edge.Right);
        bool labelAll = visible.Length <= LabelAllUpTo;
        PointLabels.Place(
            plot,
            Size,
            [.. visible
                .Where(i => labelAll || onFront.Contains(i))
                .Select(i => new PointLabel(Points[i].Label, X(time[i]), Y(cost[i]), onFront.Contains(i) ? ChartColors.Series(0) : Colors.Black))],
            ChartStyle.AnnotationSize,
            [
                .. visible.Select(i => new Coordinates(X(time[i]), Y(cost[i]))),
                .. PointLabels.Along([.. best.Select(i => new Coordinates(X(time[i]), Y(cost[i])))]),
            ]);

        double X(double value) => log ? Math.Log10(value) : value;
        double Y(double value) => log ? Math.Log10(value) : value;
    }
}
