using System.Globalization;
using System.Text.RegularExpressions;

using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Catalog;

/// <summary>
/// Reads <c>systems.csv</c> into <see cref="SystemSpec"/>s. The row names are free text, so the mapping from row
/// to id, accelerator and link ids is an explicit table here; every number still comes from the row.
/// </summary>
internal static partial class SystemRows
{
    /// <summary>One preset: its id, the row it reads, and what the row's free text means in catalog ids.</summary>
    private sealed record Preset(
        string Id,
        string RowName,
        string AcceleratorId,
        ScaleUpFabric Fabric,
        string ScaleUpLinkId,
        string ScaleOutLinkId,
        int? AcceleratorsOverride = null,
        int[]? Torus = null,
        ScaleOutTopology DefaultScaleOut = ScaleOutTopology.FatTree,
        int? NicsOverride = null);

    // DGX-1: the row says "V100 SXM2 16GB (later 32GB)" with 128 GB total HBM, so the 16 GB part is the preset.
    // DGX A100: one row for "A100 SXM4 40GB or 80GB" (320 or 640 GB) gives two presets.
    // NIC rates map to InfiniBand generations by port rate (100 EDR, 200 HDR, 400 NDR; interconnects.csv).
    // Big Basin (P100): the DGX-1 hybrid cube-mesh on NVLink 1.0; its one 50 Gbit/s Ethernet NIC per server is the
    // 50GbE row (the ConnectX-4 of Goyal et al. 2017).
    // GB200 NVL72: the row counts a 4-GPU compute tray as a node and 72 GPUs per NVLink domain; the preset is the
    // whole 72-GPU NVLink domain (pod_size_chips) with 4 NICs per tray (18 trays → 72 NICs).
    // TPU hosts: chips per host from host_chips ("2x2x1 (4 chips per host)", "8 (4x2)"); v3-8 is 4 chips (notes).
    // TPU slice shapes: v4 and v5p default to the 4x4x4 cube (64 chips, v5p notes: "cubes of 4x4x4=64 chips");
    // v3, v5e and v6e pods are 2D tori (v5e/v6e "16x16"; v3 32x32 = 1024 chips).
    private static readonly Preset[] s_presets =
    [
        new("dgx-1-v100", "NVIDIA DGX-1 (Volta)", "v100-sxm2-16gb", ScaleUpFabric.HybridCubeMesh, "nvlink-2", "ib-edr"),
        new("big-basin-p100", "Facebook Big Basin (Tesla P100)", "p100-sxm2-16gb", ScaleUpFabric.HybridCubeMesh, "nvlink-1", "roce-50g"),
        new("dgx-2", "NVIDIA DGX-2", "v100-sxm2-32gb", ScaleUpFabric.NvSwitch, "nvlink-2", "ib-edr"),
        new("dgx-a100-40gb", "NVIDIA DGX A100", "a100-sxm4-40gb", ScaleUpFabric.NvSwitch, "nvlink-3", "ib-hdr"),
        new("dgx-a100-80gb", "NVIDIA DGX A100", "a100-sxm4-80gb", ScaleUpFabric.NvSwitch, "nvlink-3", "ib-hdr"),
        new("hgx-a100", "NVIDIA HGX A100 8-GPU baseboard", "a100-sxm4-80gb", ScaleUpFabric.NvSwitch, "nvlink-3", ""),
        new("dgx-h100", "NVIDIA DGX H100", "h100-sxm5-80gb", ScaleUpFabric.NvSwitch, "nvlink-4", "ib-ndr", DefaultScaleOut: ScaleOutTopology.RailOptimized),
        new("hgx-h200", "NVIDIA HGX H200 8-GPU (MLPerf NVIDIA submission)", "h200-sxm-141gb", ScaleUpFabric.NvSwitch, "nvlink-4", "ib-ndr"),
        new("dgx-b200", "NVIDIA DGX B200", "b200-sxm-180gb", ScaleUpFabric.NvSwitch, "nvlink-5", "ib-ndr", DefaultScaleOut: ScaleOutTopology.RailOptimized),
        new("hgx-b200", "NVIDIA HGX B200 8-GPU (Vultr instance)", "b200-sxm-180gb", ScaleUpFabric.NvSwitch, "nvlink-5", ""),
        new("gb200-nvl72", "NVIDIA GB200 NVL72", "gb200", ScaleUpFabric.NvSwitch, "nvlink-5", "ib-ndr", AcceleratorsOverride: 72, NicsOverride: 72),
        new("dgx-superpod-h100", "NVIDIA DGX SuperPOD (H100) scalable unit", "h100-sxm5-80gb", ScaleUpFabric.NvSwitch, "nvlink-4", "ib-ndr", DefaultScaleOut: ScaleOutTopology.RailOptimized),
        new("mi300x-platform", "AMD Instinct MI300X platform (8 GPUs)", "mi300x", ScaleUpFabric.FullMesh, "xgmi-mi300x", ""),
        new("gaudi2-hls", "Intel Gaudi2 HLS node", "gaudi-2", ScaleUpFabric.FullMesh, "gaudi2-roce", "roce-100g"),
        new("gaudi3-node", "Intel Gaudi3 8-card node", "gaudi-3", ScaleUpFabric.FullMesh, "gaudi3-roce", "roce-200g"),
        new("tpu-v3-pod", "Google TPU v3 pod", "tpu-v3", ScaleUpFabric.Torus, "tpu-ici-v3", "", AcceleratorsOverride: 4, Torus: [32, 32, 1], DefaultScaleOut: ScaleOutTopology.Torus3D),
        new("tpu-v4-pod", "Google TPU v4 pod", "tpu-v4", ScaleUpFabric.Torus, "tpu-ici-v4", "", AcceleratorsOverride: 4, Torus: [4, 4, 4], DefaultScaleOut: ScaleOutTopology.Torus3D),
        new("tpu-v5e-pod", "Google TPU v5e pod", "tpu-v5e", ScaleUpFabric.Torus, "tpu-ici-v5e", "", AcceleratorsOverride: 8, Torus: [16, 16, 1], DefaultScaleOut: ScaleOutTopology.Torus3D),
        new("tpu-v5p-pod", "Google TPU v5p pod", "tpu-v5p", ScaleUpFabric.Torus, "tpu-ici-v5p", "", AcceleratorsOverride: 4, Torus: [4, 4, 4], DefaultScaleOut: ScaleOutTopology.Torus3D),
        new("tpu-v6e-pod", "Google TPU v6e (Trillium) pod", "tpu-v6e", ScaleUpFabric.Torus, "tpu-ici-v6e", "", AcceleratorsOverride: 8, Torus: [16, 16, 1], DefaultScaleOut: ScaleOutTopology.Torus3D),
    ];

    public static IEnumerable<SystemSpec> Read(CsvTable table, IReadOnlyDictionary<string, LinkSpec> links)
    {
        Dictionary<string, CsvRow> byName = table.Rows.ToDictionary(r => r["system"], StringComparer.Ordinal);
        foreach (Preset p in s_presets)
        {
            if (!byName.TryGetValue(p.RowName, out CsvRow? row))
            {
                throw new FormatException($"{table.File}: no row named '{p.RowName}' for system preset {p.Id}");
            }

            int perNode = p.AcceleratorsOverride ?? row.Integer("accelerators_per_node")
                ?? throw new FormatException($"{row.Location}: accelerators_per_node is empty");
            double? bidi = row.Number("per_accelerator_intra_bw_GBps_bidirectional");
            ByteRate scaleUp = bidi is double b ? ByteRate.FromGBps(b / 2)
                : p.ScaleUpLinkId.Length > 0 && links.TryGetValue(p.ScaleUpLinkId, out LinkSpec? l) ? l.TotalPerDirection
                : ByteRate.Zero;
            int nics = p.NicsOverride ?? row.Integer("scale_out_nics_per_node") ?? 0;
            ByteRate nicRate = row.Number("nic_rate_Gbps") is double gbps ? ByteRate.FromGigabitsPerSecond(gbps) : ByteRate.Zero;
            if (nicRate == ByteRate.Zero && p.ScaleOutLinkId.Length > 0 && links.TryGetValue(p.ScaleOutLinkId, out LinkSpec? net))
            {
                nicRate = net.PortRate;
            }

            yield return new SystemSpec(p.Id, row["system"], p.AcceleratorId, perNode, p.Fabric, p.ScaleUpLinkId,
                scaleUp, nicRate == ByteRate.Zero ? 0 : nics, nicRate, nicRate == ByteRate.Zero ? "" : p.ScaleOutLinkId)
            {
                SwitchChips = row.Integer("switch_chips_per_node") ?? 0,
                HostCpu = row["cpu"],
                HostMemory = ParseBinaryCapacity(row["system_memory"]),
                LocalStorage = row["local_storage"],
                LocalStorageCapacity = ParseDriveCapacity(row["local_storage"]),
                PodSize = row.Integer("pod_size_chips") ?? 0,
                TorusShape = p.Torus ?? [],
                DefaultScaleOut = p.DefaultScaleOut,
                TopologyNotes = row["topology_notes"],
                Origin = row,
            };
        }
    }

    /// <summary>First "N GB/GiB/TB/TiB" in the text, read as binary (DRAM capacities are powers of two).</summary>
    internal static Bytes? ParseBinaryCapacity(string text)
    {
        Match m = CapacityPattern().Match(text);
        if (!m.Success)
        {
            return null;
        }

        double v = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        return m.Groups["u"].Value.StartsWith('T') ? Bytes.FromTiB(v) : Bytes.FromGiB(v);
    }

    /// <summary>Sum of every "[k x] N TB/GB" term (decimal, as drive makers print capacities).</summary>
    internal static Bytes? ParseDriveCapacity(string text)
    {
        double total = 0;
        bool any = false;
        foreach (Match m in DrivePattern().Matches(text))
        {
            double count = m.Groups["k"].Success ? double.Parse(m.Groups["k"].Value, CultureInfo.InvariantCulture) : 1;
            double size = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            total += count * size * (m.Groups["u"].Value == "TB" ? 1e12 : 1e9);
            any = true;
        }

        return any ? new Bytes(total) : null;
    }

    [GeneratedRegex(@"(?<n>\d+(\.\d+)?)\s*(?<u>GB|GiB|TB|TiB)\b")]
    private static partial Regex CapacityPattern();

    [GeneratedRegex(@"(?:(?<k>\d+)\s*x\s*)?(?<n>\d+(\.\d+)?)\s*(?<u>TB|GB)\b")]
    private static partial Regex DrivePattern();
}
