using DeepScale.Parallelism.Schedules;
using DeepScale.Reporting.Formatting;
using DeepScale.Reporting.Inputs;

using ScottPlot;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// Where an iteration's time goes: one stacked bar per configuration made of the nine <c>breakdown_s</c> parts, each
/// in its fixed colour, with a black tick at the reported <c>iteration_time_s</c> (the parts add up to it, so the
/// tick sits on the top of the bar unless the result is inconsistent).
/// </summary>
public sealed record IterationBreakdownChart : ReportChart
{
    public IterationBreakdownChart(IReadOnlyList<LabeledResult> results)
        : base("Iteration time breakdown")
    {
        ArgumentNullException.ThrowIfNull(results);
        Results = results;
    }

    public IReadOnlyList<LabeledResult> Results { get; init; }

    /// <summary>Shows each bar as percentages of its own iteration time instead of absolute time.</summary>
    public bool Normalized { get; init; }

    protected override void Build(Plot plot)
    {
        if (Results.Count == 0)
        {
            throw new ArgumentException("An iteration-breakdown chart needs at least one result.", nameof(Results));
        }

        TimeCategory[] categories = Enum.GetValues<TimeCategory>();
        var seconds = new List<double[]>(Results.Count);
        var iteration = new double[Results.Count];
        for (int i = 0; i < Results.Count; i++)
        {
            LabeledResult r = Results[i];
            string row = $"configuration '{r.Label}'";
            seconds.Add([.. categories.Select(c => ReportText.Checked(ReportText.Seconds(r.Result.BreakdownS, c), "breakdown_s." + ReportText.Key(c), row))]);
            iteration[i] = ReportText.Checked(r.Result.IterationTimeS, "iteration_time_s", row);
        }

        double largest = seconds.Select(s => s.Sum()).Concat(iteration).Max();
        (double scale, string unit) = Normalized ? (1.0, "%") : largest < 1 ? (1e3, "ms") : (1.0, "s");
        var values = new List<double[]>(Results.Count);
        for (int i = 0; i < Results.Count; i++)
        {
            double total = seconds[i].Sum();
            double factor = Normalized ? (total > 0 ? 100 / total : 0) : scale;
            values.Add([.. seconds[i].Select(s => s * factor)]);
        }

        double[] heights = StackedBars.Draw(plot, values, [.. categories.Select(c => (ReportText.Words(c), ChartColors.For(c)))]);
        double top = heights.Max();
        if (!Normalized)
        {
            for (int i = 0; i < Results.Count; i++)
            {
                double y = iteration[i] * scale;
                top = Math.Max(top, y);
                var tick = plot.Add.Line(i - 0.45, y, i + 0.45, y);
                tick.Color = Colors.Black;
                tick.LineWidth = 2.5f;
                tick.MarkerSize = 0;
                if (i == 0)
                {
                    tick.LegendText = "iteration_time_s";
                }
            }

            StackedBars.Labels(plot, [.. Enumerable.Range(0, Results.Count).Select(i => Math.Max(heights[i], iteration[i] * scale))],
                [.. iteration.Select(t => StackedBars.Number(t * scale) + " " + unit)]);
        }

        StackedBars.ConfigurationAxis(plot, [.. Results.Select(r => r.Label)], Size.Width);
        ChartStyle.LinearTicks(plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(top, 1e-9) * 1.12);
        plot.YLabel(Normalized ? "share of iteration time (%)" : $"time per iteration ({unit})");
        plot.XLabel("configuration");
        plot.ShowLegend(Edge.Right);
    }
}
