using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Catalog;

/// <summary>
/// Reads <c>accelerators.csv</c> into <see cref="AcceleratorSpec"/>s. Capacities printed as "GB" by vendors are
/// binary (the catalog README: "Vendors write GB for HBM capacities that are really binary"), so 80 "GB" is 80 GiB;
/// rates are decimal; FLOP/s are dense peaks. A format in <c>unsupported_formats</c> or an empty cell is left out of
/// <see cref="AcceleratorSpec.DensePeak"/>, so <see cref="AcceleratorSpec.Supports"/> answers false for it.
/// </summary>
internal static class AcceleratorRows
{
    private static readonly string[] s_vendorPrefixes = ["NVIDIA ", "AMD Instinct ", "Google ", "Intel "];

    public static string IdFor(string name)
    {
        string n = name;
        int paren = n.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0)
        {
            n = n[..paren];
        }

        foreach (string prefix in s_vendorPrefixes)
        {
            if (n.StartsWith(prefix, StringComparison.Ordinal))
            {
                n = n[prefix.Length..];
                break;
            }
        }

        return CatalogIds.ToKebab(n);
    }

    public static AcceleratorSpec Read(CsvRow row, MatmulCeilings ceilings)
    {
        string id = IdFor(row["name"]);
        double memory = row.Number("memory_GB")
            ?? throw new FormatException($"{row.Location}: memory_GB is empty for '{row["name"]}'");
        string unitAsPublished = row["memory_unit_as_published"];
        HashSet<string> unsupported = [.. row["unsupported_formats"].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

        SortedDictionary<Precision, FlopRate> peak = [];
        AddPeak(peak, row, Precision.Fp32, "fp32_tflops", unsupported);
        AddPeak(peak, row, Precision.Tf32, "tf32_tflops_dense", unsupported);
        AddPeak(peak, row, Precision.Fp16, "fp16_tflops_dense", unsupported);
        AddPeak(peak, row, Precision.Bf16, "bf16_tflops_dense", unsupported);
        AddPeak(peak, row, Precision.Fp8, "fp8_tflops_dense", unsupported);

        double? perDirection = row.Number("intra_node_bw_per_direction_GBps");
        double? bidirectional = row.Number("intra_node_bw_bidirectional_GBps");
        ByteRate scaleUp = perDirection is double p ? ByteRate.FromGBps(p)
            : bidirectional is double b && row["intra_node_link"].Contains("NVLink", StringComparison.Ordinal) ? ByteRate.FromGBps(b / 2)
            : ByteRate.Zero;
        string link = row["intra_node_link"];
        bool pcieOnly = link.StartsWith("PCIe", StringComparison.Ordinal) || link.Length == 0;

        ImmutableDictionary<Precision, double> ceiling = ceilings.For(id, peak.Keys);
        return new AcceleratorSpec(
            id,
            row["name"],
            Bytes.FromGiB(memory),
            ByteRate.FromGBps(row.Number("memory_bandwidth_GBps") ?? 0),
            peak.ToImmutableDictionary(),
            ceiling,
            scaleUp,
            row.Location + "; " + row["source"])
        {
            Vendor = row["vendor"],
            FormFactor = row["form_factor"],
            ScaleUpLinkName = pcieOnly ? "" : link,
            ScaleUpLinks = row.Integer("intra_node_links_per_chip") ?? 0,
            PcieGeneration = ParsePcieGeneration(row["pcie_gen"]),
            TdpWatts = row.Number("tdp_watts"),
            MemoryAsPublished = $"{row["memory_GB"]} {unitAsPublished}",
            Origin = row,
            MatmulCeilingShape = ceilings.ShapesFor(id, peak.Keys),
        };
    }

    private static void AddPeak(SortedDictionary<Precision, FlopRate> peak, CsvRow row, Precision precision, string column, HashSet<string> unsupported)
    {
        if (unsupported.Contains(precision.ToSpecString()))
        {
            return;
        }

        if (row.Number(column) is double tflops)
        {
            peak[precision] = FlopRate.FromTera(tflops);
        }
    }

    private static int ParsePcieGeneration(string text) =>
        text.Length > 0 && char.IsAsciiDigit(text[0]) ? text[0] - '0' : 0;
}
