namespace DeepScale.Hardware.Specs;

/// <summary>What an interconnect connects, as <c>interconnects.csv</c> classifies it.</summary>
public enum LinkCategory
{
    /// <summary>GPU-to-GPU scale-up link (NVLink, xGMI).</summary>
    ScaleUp,

    /// <summary>NVLink switch chip (NVSwitch): figures per GPU through the switch fabric, except gen1 (per switch).</summary>
    ScaleUpSwitch,

    /// <summary>CPU-GPU coherent link (NVLink-C2C).</summary>
    CpuGpu,

    /// <summary>Host or peripheral bus (PCIe x16).</summary>
    HostBus,

    /// <summary>Scale-out network port (InfiniBand, Ethernet/RoCE).</summary>
    ScaleOut,

    /// <summary>TPU chip-to-chip interconnect (ICI).</summary>
    TpuInterconnect,

    /// <summary>TPU data-center network between slices.</summary>
    TpuDataCenter,

    /// <summary>Integrated Ethernet that serves both scale-up and scale-out (Gaudi).</summary>
    ScaleUpAndOut,

    /// <summary>A cloud provider's scale-out fabric, figures per node (EFA, GPUDirect-TCPX).</summary>
    CloudFabric,
}
