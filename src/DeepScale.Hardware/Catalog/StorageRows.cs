using System.Collections.Immutable;

using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Catalog;

/// <summary>Reads the long-format <c>storage.csv</c> into one <see cref="StorageSpec"/> per product.</summary>
internal static class StorageRows
{
    public static IEnumerable<StorageSpec> Read(CsvTable table)
    {
        Dictionary<string, int> classesPerProduct = table.Rows
            .GroupBy(r => r["product_or_service"], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r["storage_class"]).Distinct().Count(), StringComparer.Ordinal);
        List<(string Id, CsvRow Row)> keyed = [];
        foreach (CsvRow row in table.Rows)
        {
            string product = row["product_or_service"];
            string id = classesPerProduct[product] > 1 ? CatalogIds.ToKebab(row["storage_class"]) : CatalogIds.ToKebab(product);
            keyed.Add((id, row));
        }

        foreach (IGrouping<string, (string Id, CsvRow Row)> group in keyed.GroupBy(k => k.Id, StringComparer.Ordinal))
        {
            CsvRow first = group.First().Row;
            ImmutableArray<StorageMetric> metrics = [.. group.Select(k => new StorageMetric(
                k.Row["metric"], k.Row["value"], k.Row["unit"], k.Row["basis"], k.Row["conditions"]) { Origin = k.Row })];
            yield return new StorageSpec(group.Key, first["product_or_service"], ClassFor(first["storage_class"], first.Location),
                first["storage_class"], metrics);
        }
    }

    private static StorageClass ClassFor(string text, string location) =>
        text.StartsWith("local NVMe", StringComparison.Ordinal) || text.StartsWith("instance-local NVMe", StringComparison.Ordinal) ? StorageClass.LocalNvme
        : text.StartsWith("NVMe interface ceiling", StringComparison.Ordinal) ? StorageClass.InterfaceLimit
        : text.StartsWith("SATA", StringComparison.Ordinal) ? StorageClass.SataSsd
        : text.StartsWith("HDD", StringComparison.Ordinal) ? StorageClass.Hdd
        : text.StartsWith("cloud block", StringComparison.Ordinal) ? StorageClass.CloudBlock
        : text.StartsWith("object storage", StringComparison.Ordinal) ? StorageClass.ObjectStore
        : text.StartsWith("parallel file system", StringComparison.Ordinal) ? StorageClass.ParallelFileSystem
        : text.StartsWith("network file system", StringComparison.Ordinal) ? StorageClass.NetworkFileSystem
        : throw new FormatException($"{location}: unknown storage_class '{text}'");
}
