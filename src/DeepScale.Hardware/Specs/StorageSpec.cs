using System.Collections.Immutable;

using DeepScale.Core.Units;

namespace DeepScale.Hardware.Specs;

/// <summary>
/// A storage product or service from <c>storage.csv</c> with all its metrics (throughput, limits, latency,
/// capacity). The topology layer reads a storage tier's bandwidth and latency from here. Immutable.
/// </summary>
/// <param name="Id">Catalog id, lowercase-kebab of the product (e.g. <c>samsung-990-pro-2tb</c>, <c>amazon-s3</c>).</param>
/// <param name="Product">Product or service as printed.</param>
/// <param name="Class">Kind of storage.</param>
/// <param name="ClassText">storage_class as printed (e.g. "local NVMe SSD (PCIe 4.0 x4)").</param>
/// <param name="Metrics">Every metric row of the product, in file order.</param>
public sealed record StorageSpec(string Id, string Product, StorageClass Class, string ClassText, ImmutableArray<StorageMetric> Metrics)
{
    /// <summary>The metric with this name; null when the product has none.</summary>
    public StorageMetric? Metric(string name) => Metrics.FirstOrDefault(m => m.Metric == name);

    /// <summary>The rate of a metric; throws naming the product when absent or not a rate.</summary>
    public ByteRate RateOf(string metric) =>
        Metric(metric)?.Rate ?? throw new InvalidOperationException($"storage {Id}: no rate metric '{metric}'");

    /// <summary>Best read throughput among the product's rate metrics (sequential read or measured read); null when none.</summary>
    public ByteRate? ReadRate => Metrics
        .Where(m => m.Rate is not null && (m.Metric.Contains("read", StringComparison.Ordinal)
            || m.Metric.Contains("throughput", StringComparison.Ordinal)
            || m.Metric.Contains("transfer", StringComparison.Ordinal)))
        .Select(m => m.Rate!.Value)
        .DefaultIfEmpty()
        .Max() is { BytesPerSecond: > 0 } r ? r : null;
}
