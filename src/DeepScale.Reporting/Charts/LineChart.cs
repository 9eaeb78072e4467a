using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Reporting.Formatting;
using DeepScale.Reporting.Inputs;

using ScottPlot;
using ScottPlot.TickGenerators;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// A generic line chart of several series over one x axis (linear, log2 counts or log2 byte sizes) and a linear or
/// log10 y axis, with the axis labels given by the caller (units included): bus bandwidth against message size with
/// measured curves overlaid, or the share of time waiting for data against GPUs.
/// </summary>
public sealed record LineChart : ReportChart
{
    public LineChart(IReadOnlyList<LineSeries> series, string xLabel, string yLabel)
        : base("Lines")
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentException.ThrowIfNullOrWhiteSpace(xLabel);
        ArgumentException.ThrowIfNullOrWhiteSpace(yLabel);
        Series = series;
        XLabel = xLabel;
        YLabel = yLabel;
    }

    public IReadOnlyList<LineSeries> Series { get; init; }

    /// <summary>The x-axis label with its unit ("message size (log2 scale)").</summary>
    public string XLabel { get; init; }

    /// <summary>The y-axis label with its unit ("bus bandwidth (GB/s)").</summary>
    public string YLabel { get; init; }

    public LineAxis XAxis { get; init; } = LineAxis.Linear;

    public AxisScale YScale { get; init; } = AxisScale.Linear;

    /// <summary>A horizontal reference line (e.g. a threshold) and its legend text; null for none.</summary>
    public (double Y, string Legend)? ReferenceLine { get; init; }

    protected override void Build(Plot plot)
    {
        if (Series.Count == 0 || Series.All(s => s.Xs.Count == 0))
        {
            throw new ArgumentException("A line chart needs at least one series with points.", nameof(Series));
        }

        bool logY = YScale == AxisScale.Log;
        bool logX = XAxis != LineAxis.Linear;
        var xs = new List<double>();
        var ys = new List<double>();
        int predicted = 0;
        int measured = 0;
        foreach (LineSeries s in Series.Where(s => s.Underlay).Concat(Series.Where(s => !s.Underlay)))
        {
            int[] keep = [.. Enumerable.Range(0, s.Xs.Count).Where(i => Check(s, i) && (!logX || s.Xs[i] > 0) && (!logY || s.Ys[i] > 0)).OrderBy(i => s.Xs[i])];
            if (keep.Length == 0)
            {
                continue;
            }

            double[] x = [.. keep.Select(i => X(s.Xs[i]))];
            double[] y = [.. keep.Select(i => Y(s.Ys[i]))];
            xs.AddRange(keep.Select(i => s.Xs[i]));
            ys.AddRange(keep.Select(i => s.Ys[i]));
            Color color = s.Measured ? ChartColors.Series(9 - (measured % 3)) : ChartColors.Series(predicted);
            var line = plot.Add.Scatter(x, y, s.Underlay ? color.WithAlpha(0.3) : color);
            line.LegendText = s.Label;
            line.LineWidth = s.Underlay ? 12f : s.Measured ? 1.5f : 2.5f;
            line.LinePattern = s.Measured ? LinePattern.Dashed : LinePattern.Solid;
            line.MarkerShape = s.Underlay ? MarkerShape.None : s.Measured ? MarkerShape.OpenSquare : MarkerShape.FilledCircle;
            line.MarkerSize = s.Measured ? 10 : 7;
            if (s.Measured)
            {
                measured++;
            }
            else
            {
                predicted++;
            }
        }

        if (xs.Count == 0)
        {
            throw new ArgumentException("No series has a point that can be shown on these axes (log axes need positive values).", nameof(Series));
        }

        if (ReferenceLine is { } reference)
        {
            ys.Add(reference.Y);
            var h = plot.Add.HorizontalLine(Y(reference.Y), 1.5f, ChartColors.Alarm, LinePattern.Dotted);
            h.LegendText = reference.Legend;
        }

        (double xLow, double xHigh) = XAxis switch
        {
            LineAxis.Log2Count => ChartAxes.Log2(plot.Axes.Bottom, xs.Min(), xs.Max()),
            LineAxis.Log2Bytes => BytesTicks(plot.Axes.Bottom, xs.Min(), xs.Max()),
            _ => LinearRange(plot.Axes.Bottom, xs.Min(), xs.Max()),
        };
        (double yLow, double yHigh) = logY
            ? ChartAxes.Log10(plot.Axes.Left, ys.Min(), ys.Max())
            : LinearY(plot.Axes.Left, ys.Min(), ys.Max());
        plot.Axes.SetLimits(xLow, xHigh, yLow, yHigh);
        plot.XLabel(XLabel);
        plot.YLabel(YLabel);
        plot.ShowLegend(Edge.Right);

        double X(double value) => logX ? Math.Log2(value) : value;
        double Y(double value) => logY ? Math.Log10(value) : value;
    }

    private static bool Check(LineSeries s, int i)
    {
        if (!double.IsFinite(s.Xs[i]) || !double.IsFinite(s.Ys[i]))
        {
            throw new NonFiniteValueException(double.IsFinite(s.Xs[i]) ? "y" : "x", $"series '{s.Label}', point {i + 1}", double.IsFinite(s.Xs[i]) ? s.Ys[i] : s.Xs[i]);
        }

        return true;
    }

    private static (double, double) LinearRange(IAxis axis, double min, double max)
    {
        ChartStyle.LinearTicks(axis);
        double span = Math.Max(max - min, Math.Abs(max) * 0.1 + 1e-12);
        return (min - (0.04 * span), max + (0.04 * span));
    }

    private static (double, double) LinearY(IAxis axis, double min, double max)
    {
        ChartStyle.LinearTicks(axis);
        double low = Math.Min(0, min);
        double high = Math.Max(max, low + 1e-12);
        double margin = (high - low) * 0.04;
        // A margin below zero too, so a series lying on zero is not hidden by the axis line.
        return (low - margin, high + (2 * margin));
    }

    /// <summary>Ticks at powers of two labelled as sizes ("32 KiB"), at most about ten labels; returns the range in log2 units.</summary>
    private static (double, double) BytesTicks(IAxis axis, double min, double max)
    {
        int low = (int)Math.Floor(Math.Log2(min));
        int high = (int)Math.Ceiling(Math.Log2(max));
        if (low == high)
        {
            low--;
            high++;
        }

        int step = Math.Max(1, (int)Math.Ceiling((high - low) / 10.0));
        var ticks = new NumericManual();
        for (int k = low; k <= high; k++)
        {
            if ((k - low) % step == 0)
            {
                ticks.AddMajor(k, SizeText(Math.Pow(2, k)));
            }
            else
            {
                ticks.AddMinor(k);
            }
        }

        axis.TickGenerator = ticks;
        return (low - 0.3, high + 0.3);
    }

    private static string SizeText(double bytes) => bytes < 1
        ? bytes.ToString("G3", CultureInfo.InvariantCulture) + " B"
        : new Bytes(bytes).ToString().Replace(".0 ", " ", StringComparison.Ordinal);
}
