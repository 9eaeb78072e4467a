using DeepScale.Reporting.Formatting;
using DeepScale.Reporting.Inputs;

using ScottPlot;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// Predicted against published or measured values: one labelled point per comparison (x measured, y predicted), the
/// line y = x, and a shaded band of ±<see cref="Tolerance"/> around it. Points inside the band are green, outside
/// red; a reference's own uncertainty shows as horizontal error bars.
/// </summary>
public sealed record PredictedVsMeasuredChart : PredictionChart
{
    public PredictedVsMeasuredChart(IReadOnlyList<PredictionComparison> comparisons, string quantity)
        : base(comparisons, quantity, "Predicted vs measured")
    {
    }

    public AxisScale Scale { get; init; } = AxisScale.Log;

    protected override void Build(Plot plot)
    {
        bool log = Scale == AxisScale.Log;
        Check(log);

        string percent = InvariantNumber.Tick(Tolerance * 100) + "%";
        double low = Comparisons.Min(c => Math.Min(c.Predicted, log ? c.Measured : c.Measured - c.MeasuredUncertainty));
        double high = Comparisons.Max(c => Math.Max(c.Predicted, c.Measured + c.MeasuredUncertainty));
        double span = high - low;
        low = log ? low / (1 + (2 * Tolerance)) : low - (0.1 * span) - (Tolerance * Math.Abs(low));
        high = log ? high * (1 + (2 * Tolerance)) : high + (0.1 * span) + (Tolerance * Math.Abs(high));
        double[] edge = [low, high];

        var band = plot.Add.FillY(edge.Select(T).ToArray(), edge.Select(v => T(v * (1 - Tolerance))).ToArray(), edge.Select(v => T(v * (1 + Tolerance))).ToArray());
        band.FillColor = ChartColors.Good.WithAlpha(0.15);
        band.LineWidth = 0;
        band.LegendText = $"±{percent} band";

        var identity = plot.Add.ScatterLine(edge.Select(T).ToArray(), edge.Select(T).ToArray(), ChartColors.Reference);
        identity.LinePattern = LinePattern.Dashed;
        identity.LineWidth = 1.5f;
        identity.LegendText = "y = x (exact prediction)";

        PredictionComparison[] uncertain = [.. Comparisons.Where(c => c.MeasuredUncertainty > 0)];
        if (uncertain.Length > 0)
        {
            var errors = new ScottPlot.Plottables.ErrorBar(
                [.. uncertain.Select(c => T(c.Measured))],
                [.. uncertain.Select(c => T(c.Predicted))],
                [.. uncertain.Select(c => T(c.Measured + c.MeasuredUncertainty) - T(c.Measured))],
                [.. uncertain.Select(c => T(c.Measured) - T(log ? Math.Max(c.Measured - c.MeasuredUncertainty, c.Measured * 1e-3) : c.Measured - c.MeasuredUncertainty))],
                null,
                null)
            {
                Color = Colors.Black,
                LineWidth = 1.5f,
                LegendText = "reported uncertainty of the reference",
            };
            plot.Add.Plottable(errors);
        }

        AddPoints(plot, inside: true, $"within ±{percent}", ChartColors.Good);
        AddPoints(plot, inside: false, $"outside ±{percent}", ChartColors.Alarm);
        if (log)
        {
            (double a, double b) = ChartAxes.Log10(plot.Axes.Bottom, low, high);
            ChartAxes.Log10(plot.Axes.Left, low, high);
            plot.Axes.SetLimits(a, b, a, b);
        }
        else
        {
            ChartStyle.LinearTicks(plot.Axes.Bottom);
            ChartStyle.LinearTicks(plot.Axes.Left);
            plot.Axes.SetLimits(low, high, low, high);
        }

        string scale = log ? ", log scale" : "";
        plot.XLabel($"published / measured {Quantity}{scale}");
        plot.YLabel($"predicted {Quantity}{scale}");
        plot.ShowLegend(Edge.Right);
        PointLabels.Place(
            plot,
            Size,
            [.. Comparisons.Select(c => new PointLabel(c.Label, T(c.Measured), T(c.Predicted), Colors.Black))],
            ChartStyle.AnnotationSize,
            [.. uncertain.SelectMany(c => PointLabels.Along(
                [
                    new Coordinates(T(log ? Math.Max(c.Measured - c.MeasuredUncertainty, c.Measured * 1e-3) : c.Measured - c.MeasuredUncertainty), T(c.Predicted)),
                    new Coordinates(T(c.Measured + c.MeasuredUncertainty), T(c.Predicted)),
                ], 6))]);

        double T(double value) => log ? Math.Log10(value) : value;

        void AddPoints(Plot target, bool inside, string legend, Color color)
        {
            PredictionComparison[] selected = [.. Comparisons.Where(c => (Math.Abs(c.RelativeError) <= Tolerance) == inside)];
            if (selected.Length == 0)
            {
                return;
            }

            var markers = target.Add.Markers(selected.Select(c => T(c.Measured)).ToArray(), selected.Select(c => T(c.Predicted)).ToArray(), MarkerShape.FilledCircle, 11, color);
            markers.LegendText = legend;
        }
    }
}
