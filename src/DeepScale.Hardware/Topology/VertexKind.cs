namespace DeepScale.Hardware.Topology;

/// <summary>What a topology vertex is.</summary>
public enum VertexKind
{
    /// <summary>A GPU, TPU chip or other accelerator (an endpoint; TPU chips also forward ICI traffic).</summary>
    Accelerator,

    /// <summary>The NVSwitch fabric of one node (its switch chips taken together).</summary>
    NvSwitch,

    /// <summary>A PCIe switch joining GPUs, NICs and the host bridge.</summary>
    PcieSwitch,

    /// <summary>A host CPU socket (its root complex); sockets are joined by an inter-socket link.</summary>
    HostCpu,

    /// <summary>A scale-out network adapter.</summary>
    Nic,

    /// <summary>A leaf (top-of-rack or rail) network switch.</summary>
    LeafSwitch,

    /// <summary>A spine network switch.</summary>
    SpineSwitch,

    /// <summary>The storage network switch joining nodes to shared storage.</summary>
    StorageSwitch,

    /// <summary>A storage target: a node's local NVMe, a parallel file system or an object store.</summary>
    Storage,
}
