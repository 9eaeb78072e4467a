using System.Globalization;
using System.Text;

using DeepScale.Core.Units;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// The tidy table of measured kernel times that the fit reads (<c>measurements.csv</c>): one row per case,
/// <c>kernel,params,threads,flops,bytes,mean_s,median_s,stddev_s,samples,reference_slowdown_pct</c> (the last empty
/// when the machine's speed was not checked; tables without that column are read too). The FLOP and byte columns
/// are informative (they are recomputed from the case when read). Rows are sorted by kernel, then parameters.
/// </summary>
public static class MeasurementTable
{
    /// <summary>The header line.</summary>
    public const string Header = ShortHeader + ",reference_slowdown_pct";

    /// <summary>The header of tables written before the machine's speed was recorded.</summary>
    private const string ShortHeader = "kernel,params,threads,flops,bytes,mean_s,median_s,stddev_s,samples";

    /// <summary>The table as text, "\n" line endings, invariant culture.</summary>
    public static string Format(IEnumerable<KernelMeasurement> measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var text = new StringBuilder(Header).Append('\n');
        foreach (KernelMeasurement m in Sorted(measurements))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{m.Case.KernelName},{m.Case.Parameters},{m.Case.Threads},{R(m.Case.Work.Flops.Flops)},{R(m.Case.Work.BytesMoved.Count)},")
                .Append(CultureInfo.InvariantCulture,
                $"{m.Mean.ToSecondsString()},{m.Median.ToSecondsString()},{m.StandardDeviation.ToSecondsString()},{m.Samples},")
                .Append(double.IsNaN(m.ReferenceSlowdownPercent) ? "" : Math.Round(m.ReferenceSlowdownPercent, 1).ToString("R", CultureInfo.InvariantCulture))
                .Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Reads a table written by <see cref="Format"/>; throws <see cref="FormatException"/> naming the line and column.</summary>
    public static IReadOnlyList<KernelMeasurement> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string header = lines.Length == 0 ? "" : lines[0].Trim();
        if (header is not (Header or ShortHeader))
        {
            throw new FormatException($"{source}:1: the header must be '{Header}'");
        }

        int columns = header.Split(',').Length;

        var rows = new List<KernelMeasurement>();
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            string where = string.Create(CultureInfo.InvariantCulture, $"{source}:{i + 1}");
            string[] f = line.Split(',');
            if (f.Length != columns)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{where}: {f.Length} columns, the header has {columns}"));
            }

            KernelCase c;
            try
            {
                c = KernelCase.Parse(f[0], f[1]);
            }
            catch (FormatException e)
            {
                throw new FormatException($"{where}: {e.Message}", e);
            }

            try
            {
                rows.Add(new KernelMeasurement(c, Seconds(f[5], where, "mean_s"), Seconds(f[6], where, "median_s"),
                    Seconds(f[7], where, "stddev_s"), Integer(f[8], where, "samples"),
                    columns > 9 ? Percent(f[9], where, "reference_slowdown_pct") : double.NaN).Validated());
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"{where}: {e.Message}", e);
            }
        }

        return Sorted(rows);
    }

    /// <summary>Measurements in table order: kernel, then parameter text (ordinal).</summary>
    public static IReadOnlyList<KernelMeasurement> Sorted(IEnumerable<KernelMeasurement> measurements) =>
        [.. measurements.OrderBy(m => m.Case.Kernel).ThenBy(m => m.Case.Parameters, StringComparer.Ordinal)];

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static Duration Seconds(string text, string where, string column) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && double.IsFinite(s) && s >= 0
            ? Duration.FromSeconds(s)
            : throw new FormatException($"{where}: {column} '{text}' is not a non-negative number of seconds");

    private static double Percent(string text, string where, string column) =>
        text.Length == 0 ? double.NaN
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v
            : throw new FormatException($"{where}: {column} '{text}' is not a number or empty");

    private static int Integer(string text, string where, string column) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new FormatException($"{where}: {column} '{text}' is not an integer");
}
