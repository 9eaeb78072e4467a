using System.Text.RegularExpressions;

using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Catalog;

/// <summary>Reads <c>interconnects.csv</c> into <see cref="LinkSpec"/>s with short lowercase-kebab ids.</summary>
internal static partial class LinkRows
{
    public static string IdFor(string name)
    {
        Match m;
        if ((m = NvLink().Match(name)).Success)
        {
            return "nvlink-" + m.Groups[1].Value;
        }

        if ((m = NvSwitch().Match(name)).Success)
        {
            return "nvswitch-gen" + m.Groups[1].Value;
        }

        if ((m = Pcie().Match(name)).Success)
        {
            return "pcie-" + m.Groups[1].Value;
        }

        if ((m = InfiniBand().Match(name)).Success)
        {
            return "ib-" + m.Groups[1].Value.ToLowerInvariant();
        }

        if ((m = Roce().Match(name)).Success)
        {
            return "roce-" + m.Groups[1].Value + "g";
        }

        if ((m = Ici().Match(name)).Success)
        {
            return "tpu-ici-" + m.Groups[1].Value;
        }

        if ((m = Xgmi().Match(name)).Success)
        {
            return "xgmi-" + m.Groups[1].Value.ToLowerInvariant();
        }

        if ((m = Gaudi().Match(name)).Success)
        {
            return "gaudi" + m.Groups[1].Value + "-roce";
        }

        if ((m = Efa().Match(name)).Success)
        {
            return "efa-v" + m.Groups[1].Value;
        }

        return name switch
        {
            "NVLink-C2C" => "nvlink-c2c",
            "Google TPU DCN (data-center network)" => "tpu-dcn",
            "GCP GPUDirect-TCPX" => "gcp-tcpx",
            "GCP GPUDirect-TCPXO" => "gcp-tcpxo",
            _ => CatalogIds.ToKebab(name),
        };
    }

    public static LinkSpec Read(CsvRow row)
    {
        string id = IdFor(row["name"]);
        ByteRate perLink = Rate(row.Number("per_lane_or_link_GBps_per_direction"));
        int links = row.Integer("lanes_or_links") ?? 0;
        ByteRate total = row.Number("total_GBps_per_direction") is double t ? ByteRate.FromGBps(t)
            : row.Number("total_GBps_bidirectional") is double bidi ? ByteRate.FromGBps(bidi / 2)
            : perLink * Math.Max(links, 1);
        if (perLink == ByteRate.Zero && links > 0)
        {
            perLink = total / links;
        }

        ByteRate port = row.Number("port_rate_Gbps") is double gbps ? ByteRate.FromGigabitsPerSecond(gbps) : ByteRate.Zero;
        Duration? latency = row.Number("typical_latency_us") is double us ? Duration.FromMicroseconds(us) : null;
        (double fraction, string source) = LinkEfficiency.For(id);
        return new LinkSpec(id, row["name"], CategoryFor(row["category"], row.Location), perLink, links, total, port, latency, fraction, source)
        {
            MeasuredNotes = row["measured_notes"],
            Origin = row,
        };
    }

    private static ByteRate Rate(double? gbps) => gbps is double v ? ByteRate.FromGBps(v) : ByteRate.Zero;

    private static LinkCategory CategoryFor(string text, string location) => text switch
    {
        "GPU-GPU scale-up" => LinkCategory.ScaleUp,
        "NVLink switch" => LinkCategory.ScaleUpSwitch,
        "CPU-GPU coherent link" => LinkCategory.CpuGpu,
        "host/peripheral bus" => LinkCategory.HostBus,
        "scale-out network" => LinkCategory.ScaleOut,
        "TPU scale-up (chip-to-chip)" => LinkCategory.TpuInterconnect,
        "TPU scale-out" => LinkCategory.TpuDataCenter,
        "scale-up + scale-out" => LinkCategory.ScaleUpAndOut,
        "cloud scale-out fabric (per node)" => LinkCategory.CloudFabric,
        _ => throw new FormatException($"{location}: unknown link category '{text}'"),
    };

    [GeneratedRegex(@"^NVLink (\d)\.0$")]
    private static partial Regex NvLink();

    [GeneratedRegex(@"^NVSwitch gen(\d)")]
    private static partial Regex NvSwitch();

    [GeneratedRegex(@"^PCIe (\d)\.0 x16$")]
    private static partial Regex Pcie();

    [GeneratedRegex(@"^InfiniBand ([A-Z]+) 4x port$")]
    private static partial Regex InfiniBand();

    [GeneratedRegex(@"^Ethernet/RoCE v2 (\d+)GbE port$")]
    private static partial Regex Roce();

    [GeneratedRegex(@"^Google TPU ICI (v\d[a-z]?)$")]
    private static partial Regex Ici();

    [GeneratedRegex(@"^AMD Infinity Fabric \(xGMI\) (MI\d+X)")]
    private static partial Regex Xgmi();

    [GeneratedRegex(@"^Intel Gaudi(\d) integrated RoCE$")]
    private static partial Regex Gaudi();

    [GeneratedRegex(@"^AWS EFA v(\d)$")]
    private static partial Regex Efa();
}
