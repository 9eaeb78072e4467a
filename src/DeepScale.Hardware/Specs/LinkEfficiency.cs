namespace DeepScale.Hardware.Specs;

/// <summary>
/// The fraction of a link's per-direction spec that a bulk transfer achieves, per link family, with its source.
/// NVLink and network fractions are NCCL's own per-link bandwidth model (NVIDIA/nccl <c>src/graph/topo.h</c>:
/// <c>SM60_NVLINK_BW 18.0</c>, <c>SM70/SM80_NVLINK_BW 20.0</c>, <c>SM90_NVLINK_BW 20.6</c>,
/// <c>SM100_NVLINK_BW 40.1</c> GB/s per link, <c>NET_BW 12.0</c> GB/s per 100 Gb/s port) divided by the catalog's
/// per-link spec (20, 25, 25, 25, 50 GB/s; 12.5 GB/s line rate). They agree with the catalog's measured notes
/// (NVLink reaches 78-88% of spec). PCIe uses the catalog's measured 88% (8xH200 nvbandwidth, host-to-device 55.43 of
/// 63 GB/s). Links with no measured or modelled efficiency use the spec (fraction 1), stated as such.
/// </summary>
public static class LinkEfficiency
{
    /// <summary>Fraction and source for a link family named by its catalog id.</summary>
    public static (double Fraction, string Source) For(string linkId) => linkId switch
    {
        "nvlink-1" => (18.0 / 20.0, "NCCL topo.h SM60_NVLINK_BW 18.0 / 20 GB/s per link"),
        "nvlink-2" => (20.0 / 25.0, "NCCL topo.h SM70_NVLINK_BW 20.0 / 25 GB/s per link"),
        "nvlink-3" or "nvswitch-gen2" => (20.0 / 25.0, "NCCL topo.h SM80_NVLINK_BW 20.0 / 25 GB/s per link"),
        "nvlink-4" or "nvswitch-gen3" => (20.6 / 25.0, "NCCL topo.h SM90_NVLINK_BW 20.6 / 25 GB/s per link"),
        "nvlink-5" or "nvswitch-gen4" => (40.1 / 50.0, "NCCL topo.h SM100_NVLINK_BW 40.1 / 50 GB/s per link"),
        "nvswitch-gen1" => (20.0 / 25.0, "NCCL topo.h SM70_NVLINK_BW 20.0 / 25 GB/s per link"),
        _ when linkId.StartsWith("pcie-", StringComparison.Ordinal) =>
            (55.43 / 63.0, "interconnects.csv PCIe 5.0 measured_notes: 55.43 of 63 GB/s host-to-device (88%)"),
        _ when linkId.StartsWith("ib-", StringComparison.Ordinal) || linkId.StartsWith("roce-", StringComparison.Ordinal)
            || linkId.StartsWith("efa-", StringComparison.Ordinal) || linkId.StartsWith("gcp-tcpx", StringComparison.Ordinal) =>
            (12.0 / 12.5, "NCCL topo.h NET_BW 12.0 GB/s per 100 Gb/s port (12.5 GB/s line rate)"),
        _ => (1.0, "no measured or modelled efficiency: the spec is used as an upper bound"),
    };
}
