namespace DeepScale.Hardware.Collectives;

/// <summary>NCCL's latency classes of one hop between two ranks (its <c>NCCL_HW_NVLINK/PCI/NET</c>).</summary>
public enum HopClass
{
    /// <summary>Through scale-up links only (NVLink, NVSwitch, xGMI, ICI).</summary>
    NvLink,

    /// <summary>Inside a node through PCIe or the host.</summary>
    Pcie,

    /// <summary>Between nodes through the network.</summary>
    Network,
}
