using DeepScale.Reporting.Formatting;
using DeepScale.Reporting.Inputs;

using ScottPlot;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// Predicted against published or measured values, one column per comparison (a table row of the paper): the
/// measured value with the reference's own uncertainty as error bars and a shaded ±<see cref="Tolerance"/> box, the
/// prediction as a diamond, and the relative error written above.
/// </summary>
public sealed record PredictedVsMeasuredRowsChart : PredictionChart
{
    public PredictedVsMeasuredRowsChart(IReadOnlyList<PredictionComparison> comparisons, string quantity)
        : base(comparisons, quantity, "Predicted vs measured, by row")
    {
    }

    public AxisScale YScale { get; init; } = AxisScale.Linear;

    protected override void Build(Plot plot)
    {
        bool log = YScale == AxisScale.Log;
        Check(log);

        string percent = InvariantNumber.Tick(Tolerance * 100) + "%";
        int n = Comparisons.Count;
        double[] xs = [.. Enumerable.Range(0, n).Select(i => (double)i)];
        double top = double.MinValue;
        double bottom = double.MaxValue;
        for (int i = 0; i < n; i++)
        {
            PredictionComparison c = Comparisons[i];
            double low = c.Measured * (1 - Tolerance);
            double high = c.Measured * (1 + Tolerance);
            var box = plot.Add.Rectangle(i - 0.3, i + 0.3, T(Math.Min(low, high)), T(Math.Max(low, high)));
            box.FillStyle.Color = ChartColors.Good.WithAlpha(0.18);
            box.LineWidth = 0;
            if (i == 0)
            {
                box.LegendText = $"±{percent} of measured";
            }

            top = Math.Max(top, Math.Max(Math.Max(high, c.Predicted), c.Measured + c.MeasuredUncertainty));
            bottom = Math.Min(bottom, Math.Min(Math.Min(low, c.Predicted), c.Measured - c.MeasuredUncertainty));
        }

        var measured = plot.Add.Markers(xs, [.. Comparisons.Select(c => T(c.Measured))], MarkerShape.FilledCircle, 11, Colors.Black);
        measured.LegendText = "published / measured";
        if (Comparisons.Any(c => c.MeasuredUncertainty > 0))
        {
            var errors = new ScottPlot.Plottables.ErrorBar(
                xs,
                [.. Comparisons.Select(c => T(c.Measured))],
                null,
                null,
                [.. Comparisons.Select(c => T(c.Measured + c.MeasuredUncertainty) - T(c.Measured))],
                [.. Comparisons.Select(c => T(c.Measured) - T(log ? Math.Max(c.Measured - c.MeasuredUncertainty, c.Measured * 1e-3) : c.Measured - c.MeasuredUncertainty))])
            {
                Color = Colors.Black,
                LineWidth = 1.5f,
                LegendText = "reported uncertainty",
            };
            plot.Add.Plottable(errors);
        }

        var predicted = plot.Add.Markers(xs, [.. Comparisons.Select(c => T(c.Predicted))], MarkerShape.FilledDiamond, 13, ChartColors.Series(0));
        predicted.LegendText = "predicted";

        for (int i = 0; i < n; i++)
        {
            PredictionComparison c = Comparisons[i];
            double error = c.RelativeError * 100;
            string text = (error >= 0 ? "+" : "") + InvariantNumber.Format(error, 3) + "%";
            double above = Math.Max(Math.Max(c.Predicted, c.Measured * (1 + Tolerance)), c.Measured + c.MeasuredUncertainty);
            var label = plot.Add.Text(text, i, T(above));
            label.LabelAlignment = Alignment.LowerCenter;
            label.OffsetY = -6;
            label.LabelFontSize = ChartStyle.AnnotationSize;
            label.LabelFontColor = Math.Abs(c.RelativeError) <= Tolerance ? ChartColors.Good : ChartColors.Alarm;
            label.LabelBold = true;
        }

        string[] labels = [.. Comparisons.Select(c => c.Label)];
        ChartStyle.CategoryTicks(plot.Axes.Bottom, labels);
        ChartStyle.FitBottomCategoryLabels(plot, labels, Size.Width);
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        if (log)
        {
            (double a, double b) = ChartAxes.Log10(plot.Axes.Left, bottom, top * 1.2);
            plot.Axes.SetLimits(-0.6, n - 0.4, a, b);
        }
        else
        {
            ChartStyle.LinearTicks(plot.Axes.Left);
            double span = Math.Max(top - bottom, Math.Abs(top) * 0.05);
            plot.Axes.SetLimits(-0.6, n - 0.4, bottom - (0.08 * span), top + (0.15 * span));
        }

        plot.YLabel(Quantity + (log ? " (log scale)" : ""));
        plot.XLabel("reference row");
        plot.ShowLegend(Edge.Right);

        double T(double value) => log ? Math.Log10(value) : value;
    }
}
