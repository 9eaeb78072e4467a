using System.Globalization;

using DeepScale.Core.Units;

namespace DeepScale.Hardware.Specs;

/// <summary>
/// One measured or specified fact about a storage product (one row of the long-format <c>storage.csv</c>): a metric
/// name, its value as printed, its unit, and whether it is a spec, a provider limit or a measurement.
/// </summary>
/// <param name="Metric">Metric name, e.g. <c>sequential_read</c>, <c>max_throughput_per_volume</c>.</param>
/// <param name="ValueText">The value exactly as printed (may be a list such as "125;250;500;1000").</param>
/// <param name="Unit">Unit as printed (MB/s, MiB/s, GB/s, Gbit/s, us, requests/s, TB, ...).</param>
/// <param name="Basis">Vendor spec, provider limit, or measured.</param>
/// <param name="Conditions">Test or usage conditions where given.</param>
public sealed record StorageMetric(string Metric, string ValueText, string Unit, string Basis, string Conditions)
{
    /// <summary>The catalog row the metric was read from.</summary>
    public Catalog.CsvRow? Origin { get; init; }

    /// <summary>The value as a number when it is a single number; null for lists or "8 x 3.84".</summary>
    public double? Value => double.TryParse(ValueText, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null;

    /// <summary>The value as a data rate when the unit is one (MB/s and GB/s decimal, MiB/s binary, Gbit/s bits).</summary>
    public ByteRate? Rate => (Value, Unit) switch
    {
        (double v, "MB/s") => ByteRate.FromMBps(v),
        (double v, "GB/s") => ByteRate.FromGBps(v),
        (double v, "MiB/s") => new ByteRate(v * Bytes.MiB),
        (double v, "Gbit/s") => ByteRate.FromGigabitsPerSecond(v),
        _ => null,
    };

    /// <summary>The value as a duration when the unit is a time (us, s).</summary>
    public Duration? Time => (Value, Unit) switch
    {
        (double v, "us") => Duration.FromMicroseconds(v),
        (double v, "s") => Duration.FromSeconds(v),
        _ => null,
    };
}
