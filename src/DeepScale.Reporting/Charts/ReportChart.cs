using DeepScale.Reporting.Files;

using ScottPlot;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// A report chart: immutable input records and options that render to a ScottPlot <see cref="Plot"/> and from there
/// to a PNG of fixed <see cref="Size"/>. Derive variants with <see cref="Chart.WithTitle"/>, <see cref="Chart.WithSize"/>
/// or <c>with</c>: <c>(Chart.Mfu(series) with { ShowHfu = true }).WithTitle("MFU, GPT-3 175B").SavePng(path)</c>.
/// Bad input (an empty series, a NaN) throws when the chart renders, with a message naming the point.
/// </summary>
public abstract record ReportChart
{
    protected ReportChart(string title)
    {
        Title = title;
    }

    public string Title { get; init; }

    public ChartSize Size { get; init; } = ChartSize.Standard;

    /// <summary>Builds the ScottPlot plot (fonts checked first), for callers that want to adjust it before saving.
    /// The caller owns and disposes it.</summary>
    public Plot CreatePlot()
    {
        string family = ChartFonts.Ensure();
        var plot = new Plot();
        try
        {
            // Styled before Build so a chart that lays itself out (to place point labels) sees the final layout,
            // and again after, to reach the axes and text Build added.
            ChartStyle.Apply(plot, Title, family);
            Build(plot);
            ChartStyle.Apply(plot, Title, family);
            return plot;
        }
        catch
        {
            plot.Dispose();
            throw;
        }
    }

    /// <summary>The chart as PNG bytes of <see cref="Size"/>.</summary>
    public byte[] ToPng()
    {
        using Plot plot = CreatePlot();
        return plot.GetImageBytes(Size.Width, Size.Height, ImageFormat.Png);
    }

    /// <summary>The chart as SVG text of <see cref="Size"/> (text stays text, with its font family).</summary>
    public string ToSvg()
    {
        using Plot plot = CreatePlot();
        return plot.GetSvgXml(Size.Width, Size.Height);
    }

    /// <summary>Writes the PNG, replacing the file atomically (never a half-written image).</summary>
    public void SavePng(string path) => AtomicFile.WriteAllBytes(path, ToPng());

    /// <summary>Adds the chart's plottables, axes, labels and legend to an empty plot.</summary>
    protected abstract void Build(Plot plot);
}
