using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Catalog;

/// <summary>Reads <c>cloud_instances.csv</c> into <see cref="CloudInstanceSpec"/>s, mapping GPU models to accelerator ids.</summary>
internal static class CloudRows
{
    public static CloudInstanceSpec Read(CsvRow row, IReadOnlySet<string> acceleratorIds)
    {
        string provider = row["provider"].ToLowerInvariant();
        string instance = row["instance"];
        string model = row["gpu_model"];
        double? gpuMemory = row.Number("gpu_memory_GB");
        string accel = MapAccelerator(model, gpuMemory, acceleratorIds);
        double? ram = row.Number("ram_GB");
        Bytes? hostMemory = ram is double r
            ? (row["ram_unit_as_published"] == "GiB" ? Bytes.FromGiB(r) : Bytes.FromGB(r))
            : null;
        return new CloudInstanceSpec(
            CatalogIds.ToKebab(provider + " " + instance), provider, instance, row["region"],
            row.Integer("gpus") ?? 0, model, accel, row.Number("on_demand_usd_per_hour"))
        {
            AcceleratorMemory = gpuMemory is double g ? Bytes.FromGiB(g) : null,
            Vcpus = row.Integer("vcpus") ?? 0,
            HostMemory = hostMemory,
            Network = row.Number("network_Gbps") is double n ? ByteRate.FromGigabitsPerSecond(n) : null,
            LocalStorage = row["local_storage"],
            SpotMinUsdPerHour = row.Number("spot_usd_per_hour_min"),
            SpotMaxUsdPerHour = row.Number("spot_usd_per_hour_max"),
            Commit1YearUsdPerHour = row.Number("commit_1yr_usd_per_hour"),
            Commit3YearUsdPerHour = row.Number("commit_3yr_usd_per_hour"),
            PriceDate = row["price_date"],
            IsPerChip = instance.Contains("per chip-hour", StringComparison.Ordinal),
            Origin = row,
        };
    }

    /// <summary>
    /// "A100 SXM4" with 40 GB → a100-sxm4-40gb; "H200" with 141 → h200-sxm-141gb; "TPU v5e (v5litepod)" → tpu-v5e.
    /// The first candidate that exists in the accelerator catalog wins; empty when none does.
    /// </summary>
    internal static string MapAccelerator(string model, double? memoryGb, IReadOnlySet<string> ids)
    {
        string baseId = AcceleratorRows.IdFor(model);
        string mem = memoryGb is double m ? ((int)Math.Round(m)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "gb" : "";
        string[] candidates = mem.Length > 0
            ? [$"{baseId}-{mem}", $"{baseId}-sxm-{mem}", $"{baseId}-sxm5-{mem}", baseId]
            : [baseId];
        return candidates.FirstOrDefault(ids.Contains) ?? "";
    }
}
