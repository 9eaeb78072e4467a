using DeepScale.Reporting.Formatting;

using ScottPlot;
using ScottPlot.TickGenerators;

using SkiaSharp;

namespace DeepScale.Reporting.Charts;

/// <summary>The house look of every chart: font, text sizes, invariant tick labels, legend outside the data.</summary>
internal static class ChartStyle
{
    public const float TitleSize = 22;
    public const float AxisLabelSize = 17;
    public const float TickLabelSize = 14;
    public const float LegendSize = 14;
    public const float AnnotationSize = 13;

    /// <summary>Applies the title, the font to every text element, and the text sizes.</summary>
    public static void Apply(Plot plot, string title, string family)
    {
        plot.Title(title, TitleSize);
        plot.Font.Set(family);
        plot.Legend.FontName = family;
        plot.Legend.FontSize = LegendSize;
        plot.Legend.SymbolWidth = 30;
        foreach (IAxis axis in plot.Axes.GetAxes())
        {
            axis.Label.FontSize = AxisLabelSize;
            axis.TickLabelStyle.FontSize = TickLabelSize;
            axis.TickLabelStyle.FontName = family;
            axis.Label.FontName = family;
        }

        foreach (ScottPlot.Plottables.Text text in plot.GetPlottables<ScottPlot.Plottables.Text>())
        {
            text.LabelFontName = family;
        }
    }

    /// <summary>A numeric axis with automatic ticks labelled in the invariant culture.</summary>
    public static void LinearTicks(IAxis axis) =>
        axis.TickGenerator = new NumericAutomatic { LabelFormatter = InvariantNumber.Tick };

    /// <summary>Tick labels that name categories at positions 0, 1, 2, … (or at the given positions).</summary>
    public static void CategoryTicks(IAxis axis, IReadOnlyList<string> labels, IReadOnlyList<double>? positions = null)
    {
        var ticks = new NumericManual();
        for (int i = 0; i < labels.Count; i++)
        {
            ticks.AddMajor(positions?[i] ?? i, labels[i]);
        }

        axis.TickGenerator = ticks;
        axis.MajorTickStyle.Length = 0;
    }

    /// <summary>Rotates bottom category labels by 35° when they would collide, and reserves the room they need
    /// below the axis and, for the first label, left of it.</summary>
    public static void FitBottomCategoryLabels(Plot plot, IReadOnlyList<string> labels, int widthPixels)
    {
        if (labels.Count == 0)
        {
            return;
        }

        float[] widths = [.. labels.Select(l => TextWidth(l, TickLabelSize))];
        double slot = widthPixels * 0.7 / labels.Count;
        if (widths.Max() + 8 <= slot)
        {
            return;
        }

        const double Angle = 35 * Math.PI / 180;
        plot.Axes.Bottom.TickLabelStyle.Rotation = -35;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = (float)((widths.Max() * Math.Sin(Angle)) + (TickLabelSize * Math.Cos(Angle)) + AxisLabelSize + 30);
        plot.Axes.Left.MinimumSize = (float)Math.Max(70, (widths[0] * Math.Cos(Angle)) + 12);
    }

    /// <summary>The width in pixels of <paramref name="text"/> in the chart font at <paramref name="size"/>.</summary>
    public static float TextWidth(string text, float size)
    {
        using var typeface = SKTypeface.FromFamilyName(ChartFonts.Family);
        using var font = new SKFont(typeface, size);
        return font.MeasureText(text);
    }

    /// <summary>Sets the x-axis label, with notes about what the chart leaves out appended in brackets (notes
    /// never sit on the data).</summary>
    public static void XLabel(Plot plot, string label, IReadOnlyList<string> notes) =>
        plot.XLabel(notes.Count == 0 ? label : $"{label}   [{string.Join("; ", notes)}]");
}
