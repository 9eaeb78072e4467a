using DeepScale.Core.Units;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// One-way latencies of the links inside a node, with sources. NCCL's tuning model (NVIDIA/nccl
/// <c>src/graph/tuning.cc</c>, <c>hwLat</c>, ring/LL column) charges 0.6 us per NVLink hop and 1.0 us per PCIe hop
/// between two GPUs; a GPU-switch-GPU path has two links, so each link carries half. Network links use the
/// catalog's InfiniBand port latency (EDR 0.5 us, HDR 0.6 us); generations without a published figure (NDR, XDR,
/// Ethernet) use HDR's 0.6 us, stated as an assumption.
/// </summary>
public static class HopLatency
{
    /// <summary>GPU to NVSwitch (half of NCCL's 0.6 us NVLink hop).</summary>
    public static readonly Duration NvSwitchPort = Duration.FromMicroseconds(0.3);

    /// <summary>Direct GPU-to-GPU link (NVLink in a cube-mesh, xGMI, Gaudi RoCE): NCCL's 0.6 us NVLink hop.</summary>
    public static readonly Duration DirectLink = Duration.FromMicroseconds(0.6);

    /// <summary>One PCIe link (half of NCCL's 1.0 us PCI hop between two GPUs behind one switch).</summary>
    public static readonly Duration PcieLink = Duration.FromMicroseconds(0.5);

    /// <summary>Network port latency when the catalog has none for the generation (HDR's 0.6 us).</summary>
    public static readonly Duration NetworkDefault = Duration.FromMicroseconds(0.6);
}
