using System.Collections.Immutable;
using System.Globalization;

using CsvHelper;

using DeepScale.Experiments.Results;
using DeepScale.Experiments.Sweeps;

namespace DeepScale.Experiments.Reports;

/// <summary>
/// A reference CSV (published or measured values) matched to a sweep's points: each row whose key column equals a
/// point's key (its GPU count or an axis value) becomes a <see cref="ReferenceComparison"/> of the configured metric.
/// Rows without a matching point, or without a number in the value column, are left out.
/// </summary>
public static class ReferenceTable
{
    /// <summary>Matches the rows of <paramref name="settings"/>'s file to <paramref name="points"/>, in file order.</summary>
    /// <exception cref="InvalidDataException">The file lacks a named column.</exception>
    public static ImmutableArray<ReferenceComparison> Compare(ReferenceSettings settings, IReadOnlyList<ReportPoint> points)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(points);
        using CsvReader reader = CsvReader.FromFile(settings.FullPath, CsvReaderOptions.Default with { Separator = ',', HasHeader = true });
        reader.ReadHeader();
        IReadOnlyList<string> header = reader.Headers;
        int Column(string name) => header.ToList().IndexOf(name) is int i and >= 0
            ? i
            : throw new InvalidDataException($"{settings.File}: no column '{name}' (columns: {string.Join(", ", header)})");

        int keyColumn = Column(settings.KeyColumn);
        int valueColumn = Column(settings.Column);
        int? labelColumn = settings.LabelColumn is { } l ? Column(l) : null;
        var comparisons = ImmutableArray.CreateBuilder<ReferenceComparison>();
        while (reader.Read())
        {
            string key = reader.GetString(keyColumn).Trim();
            if (!double.TryParse(reader.GetString(valueColumn), NumberStyles.Float, CultureInfo.InvariantCulture, out double published) || published == 0)
            {
                continue;
            }

            int match = -1;
            for (int i = 0; i < points.Count && match < 0; i++)
            {
                if (KeyOf(points[i], settings.Key) == key)
                {
                    match = i;
                }
            }

            if (match < 0)
            {
                continue;
            }

            string label = (labelColumn is int lc ? reader.GetString(lc).Trim() : key) + settings.LabelSuffix;
            comparisons.Add(new ReferenceComparison(label, match, Metric(points[match].Result, settings.Metric), published));
        }

        return comparisons.ToImmutable();
    }

    /// <summary>The value of a points.csv result column of <paramref name="result"/>.</summary>
    public static double Metric(RunResult result, string metric)
    {
        ArgumentNullException.ThrowIfNull(result);
        return metric switch
        {
            "iteration_time_s" => result.IterationTimeS,
            "samples_per_s" => result.SamplesPerS,
            "tokens_per_s" => result.TokensPerS,
            "model_tflops_per_gpu" => result.ModelTflopsPerGpu,
            "hardware_tflops_per_gpu" => result.HardwareTflopsPerGpu,
            "mfu" => result.Mfu,
            "hfu" => result.Hfu,
            "peak_gib" => result.Memory.PeakGib,
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "not a comparable result column"),
        };
    }

    private static string KeyOf(ReportPoint point, string key) =>
        key == "gpus" ? point.Result.Gpus.ToString(CultureInfo.InvariantCulture) : point.ValueOf(key) ?? "";
}
