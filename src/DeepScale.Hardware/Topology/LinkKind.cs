namespace DeepScale.Hardware.Topology;

/// <summary>The technology of a directed link, which also selects the per-hop latency class of collectives.</summary>
public enum LinkKind
{
    /// <summary>NVLink (to an NVSwitch or directly GPU to GPU).</summary>
    NvLink,

    /// <summary>Point-to-point accelerator link that is not NVLink (AMD xGMI, Gaudi integrated RoCE).</summary>
    DirectScaleUp,

    /// <summary>TPU inter-chip interconnect.</summary>
    Ici,

    /// <summary>PCIe (GPU, NIC or NVMe to a PCIe switch or host bridge).</summary>
    Pcie,

    /// <summary>Link between CPU sockets (UPI/QPI/Infinity Fabric).</summary>
    InterSocket,

    /// <summary>Scale-out network: NIC to leaf, leaf to spine.</summary>
    Network,

    /// <summary>Storage I/O: a drive, or a node's or a shared store's attachment to the storage network.</summary>
    StorageIo,
}
