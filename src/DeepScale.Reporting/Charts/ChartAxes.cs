using System.Globalization;

using DeepScale.Reporting.Formatting;

using ScottPlot;
using ScottPlot.TickGenerators;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// Logarithmic axes. ScottPlot 5 has none, so charts plot log2 or log10 of the value and label the ticks with the
/// value itself.
/// </summary>
internal static class ChartAxes
{
    /// <summary>Puts ticks at the powers of two spanning [<paramref name="min"/>, <paramref name="max"/>] (GPU
    /// counts) and returns the axis range in log2 units.</summary>
    public static (double Low, double High) Log2(IAxis axis, double min, double max)
    {
        int low = (int)Math.Floor(Math.Log2(min));
        int high = (int)Math.Ceiling(Math.Log2(max));
        if (low == high)
        {
            low--;
            high++;
        }

        int step = (high - low) > 16 ? 2 : 1;
        var ticks = new NumericManual();
        for (int k = low; k <= high; k++)
        {
            if ((k - low) % step == 0)
            {
                ticks.AddMajor(k, k >= 0 ? (1L << k).ToString(CultureInfo.InvariantCulture) : InvariantNumber.Tick(Math.Pow(2, k)));
            }
            else
            {
                ticks.AddMinor(k);
            }
        }

        axis.TickGenerator = ticks;
        return (low - 0.3, high + 0.3);
    }

    /// <summary>Puts labelled ticks spanning [<paramref name="min"/>, <paramref name="max"/>] and returns the axis
    /// range in log10 units, with a little margin. Labels go on the decades, or on 1-2-5 or 1…9 times a decade
    /// when the range is too short for three decades, or on evenly spaced round values when it is shorter than
    /// a factor of three; the other integer multiples of a decade get minor ticks.</summary>
    public static (double Low, double High) Log10(IAxis axis, double min, double max)
    {
        double logMin = Math.Log10(min);
        double logMax = Math.Log10(max);
        double margin = Math.Max(0.04, (logMax - logMin) * 0.06);
        double low = logMin - margin;
        double high = logMax + margin;
        int firstDecade = (int)Math.Floor(low);
        int lastDecade = (int)Math.Ceiling(high);

        double[] Multiples(params int[] mantissas) =>
        [
            .. Enumerable.Range(firstDecade, lastDecade - firstDecade + 1)
                .SelectMany(d => mantissas.Select(m => m * Math.Pow(10, d)))
                .Where(v => Math.Log10(v) >= low && Math.Log10(v) <= high),
        ];

        double[] labelled = Multiples(1);
        if (labelled.Length < 3)
        {
            labelled = Multiples(1, 2, 5);
        }

        if (labelled.Length < 3)
        {
            labelled = Multiples(1, 2, 3, 4, 5, 6, 7, 8, 9);
        }

        if (labelled.Length < 3)
        {
            labelled = RoundSteps(Math.Pow(10, low), Math.Pow(10, high));
        }

        var ticks = new NumericManual();
        foreach (double value in labelled)
        {
            ticks.AddMajor(Math.Log10(value), InvariantNumber.Tick(value));
        }

        foreach (double value in Multiples(1, 2, 3, 4, 5, 6, 7, 8, 9))
        {
            if (!labelled.Any(l => Math.Abs(l - value) <= 1e-9 * value))
            {
                ticks.AddMinor(Math.Log10(value));
            }
        }

        axis.TickGenerator = ticks;
        return (low, high);
    }

    /// <summary>Four to eight round values (1, 2 or 5 times a power of ten apart) in [<paramref name="low"/>,
    /// <paramref name="high"/>].</summary>
    private static double[] RoundSteps(double low, double high)
    {
        double raw = (high - low) / 5;
        double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1, 2, 5, 10 }.Select(m => m * power).First(s => s >= raw);
        double first = Math.Ceiling(low / step) * step;
        return [.. Enumerable.Range(0, (int)Math.Floor((high - first) / step) + 1).Select(i => first + (i * step))];
    }
}
