using DeepScale.Experiments.Results;
using DeepScale.Reporting.Formatting;
using DeepScale.Reporting.Inputs;

using ScottPlot;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// Peak device memory per GPU, one stacked bar per configuration (weights, gradients, optimizer state, activations,
/// other), with the device capacity as a dashed line over each bar. A configuration whose result says it does not
/// fit gets a red outline and a red "does not fit" label.
/// </summary>
public sealed record MemoryBreakdownChart : ReportChart
{
    public MemoryBreakdownChart(IReadOnlyList<LabeledResult> results)
        : base("Memory per GPU vs device capacity")
    {
        ArgumentNullException.ThrowIfNull(results);
        Results = results;
    }

    public IReadOnlyList<LabeledResult> Results { get; init; }

    protected override void Build(Plot plot)
    {
        if (Results.Count == 0)
        {
            throw new ArgumentException("A memory-breakdown chart needs at least one result.", nameof(Results));
        }

        MemoryPart[] parts = Enum.GetValues<MemoryPart>();
        var values = new List<double[]>(Results.Count);
        var capacity = new double[Results.Count];
        for (int i = 0; i < Results.Count; i++)
        {
            MemoryResult m = Results[i].Result.Memory;
            string row = $"configuration '{Results[i].Label}'";
            values.Add(
            [
                ReportText.Checked(m.WeightsGib, "memory.weights_gib", row),
                ReportText.Checked(m.GradientsGib, "memory.gradients_gib", row),
                ReportText.Checked(m.OptimizerGib, "memory.optimizer_gib", row),
                ReportText.Checked(m.ActivationsGib, "memory.activations_gib", row),
                ReportText.Checked(m.OtherGib, "memory.other_gib", row),
            ]);
            capacity[i] = ReportText.Checked(m.CapacityGib, "memory.capacity_gib", row);
            ReportText.Checked(m.PeakGib, "memory.peak_gib", row);
        }

        double[] heights = StackedBars.Draw(plot, values, [.. parts.Select(p => (Words(p), ChartColors.For(p)))]);
        double top = Math.Max(heights.Max(), capacity.Max());
        bool capacityInLegend = false;
        bool overflowInLegend = false;
        for (int i = 0; i < Results.Count; i++)
        {
            MemoryResult m = Results[i].Result.Memory;
            if (capacity[i] > 0)
            {
                var line = plot.Add.Line(i - 0.48, capacity[i], i + 0.48, capacity[i]);
                line.Color = ChartColors.Reference;
                line.LineWidth = 2.5f;
                line.LinePattern = LinePattern.Dashed;
                line.MarkerSize = 0;
                if (!capacityInLegend)
                {
                    line.LegendText = "device capacity";
                    capacityInLegend = true;
                }
            }

            double peak = Math.Max(heights[i], m.PeakGib);
            string label = StackedBars.Number(peak) + " GiB";
            if (!m.Fits)
            {
                var outline = plot.Add.Rectangle(i - (StackedBars.BarWidth / 2) - 0.03, i + (StackedBars.BarWidth / 2) + 0.03, 0, peak);
                outline.FillStyle.Color = Colors.Transparent;
                outline.LineColor = ChartColors.Alarm;
                outline.LineWidth = 3;
                if (!overflowInLegend)
                {
                    outline.LegendText = "does not fit";
                    overflowInLegend = true;
                }

                label = "does not fit\n" + label;
            }

            top = Math.Max(top, peak);
            var text = plot.Add.Text(label, i, peak);
            text.LabelAlignment = Alignment.LowerCenter;
            text.OffsetY = -4;
            text.LabelFontSize = ChartStyle.AnnotationSize;
            text.LabelFontColor = m.Fits ? Colors.Black : ChartColors.Alarm;
            text.LabelBold = !m.Fits;
            text.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
        }

        StackedBars.ConfigurationAxis(plot, [.. Results.Select(r => r.Label)], Size.Width);
        ChartStyle.LinearTicks(plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(top, 1e-9) * 1.12);
        plot.YLabel("peak memory per GPU (GiB)");
        plot.XLabel("configuration");
        plot.ShowLegend(Edge.Right);
    }

    private static string Words(MemoryPart part) => part switch
    {
        MemoryPart.Weights => "weights",
        MemoryPart.Gradients => "gradients",
        MemoryPart.Optimizer => "optimizer state",
        MemoryPart.Activations => "activations",
        MemoryPart.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "Unknown memory part."),
    };
}
