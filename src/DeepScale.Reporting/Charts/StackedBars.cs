using DeepScale.Reporting.Formatting;

using ScottPlot;

namespace DeepScale.Reporting.Charts;

/// <summary>Draws stacked bars, one stack per configuration and one legend entry per part that occurs.</summary>
internal static class StackedBars
{
    public const double BarWidth = 0.7;

    /// <summary>Stacks <paramref name="values"/>[configuration][part] and returns each stack's height.</summary>
    public static double[] Draw(Plot plot, IReadOnlyList<double[]> values, IReadOnlyList<(string Legend, Color Color)> parts)
    {
        double[] heights = new double[values.Count];
        for (int part = 0; part < parts.Count; part++)
        {
            if (!values.Any(v => v[part] > 0))
            {
                continue;
            }

            var bars = new List<Bar>(values.Count);
            for (int i = 0; i < values.Count; i++)
            {
                double value = values[i][part];
                if (value <= 0)
                {
                    continue;
                }

                bars.Add(new Bar
                {
                    Position = i,
                    ValueBase = heights[i],
                    Value = heights[i] + value,
                    Size = BarWidth,
                    FillColor = parts[part].Color,
                    LineWidth = 0.5f,
                    LineColor = Colors.White,
                });
                heights[i] += value;
            }

            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = parts[part].Legend;
            plottable.Color = parts[part].Color;
        }

        return heights;
    }

    /// <summary>Writes <paramref name="text"/>[i] just above the top <paramref name="tops"/>[i] of bar i.</summary>
    public static void Labels(Plot plot, IReadOnlyList<double> tops, IReadOnlyList<string> text, Color? color = null)
    {
        for (int i = 0; i < tops.Count; i++)
        {
            var label = plot.Add.Text(text[i], i, tops[i]);
            label.LabelAlignment = Alignment.LowerCenter;
            label.OffsetY = -4;
            label.LabelFontSize = ChartStyle.AnnotationSize;
            label.LabelFontColor = color ?? Colors.Black;
            label.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
        }
    }

    /// <summary>Category ticks for the configurations and an x range with half a slot of margin.</summary>
    public static void ConfigurationAxis(Plot plot, IReadOnlyList<string> labels, int widthPixels)
    {
        ChartStyle.CategoryTicks(plot.Axes.Bottom, labels);
        ChartStyle.FitBottomCategoryLabels(plot, labels, widthPixels);
        plot.Axes.SetLimitsX(-0.6, labels.Count - 0.4);
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
    }

    public static string Number(double value) => InvariantNumber.Format(value, 3);
}
