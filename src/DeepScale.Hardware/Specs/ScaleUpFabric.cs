namespace DeepScale.Hardware.Specs;

/// <summary>How the accelerators inside one node (or one TPU slice) are wired to each other.</summary>
public enum ScaleUpFabric
{
    /// <summary>All-to-all through NVSwitch chips: every GPU reaches every other at its full NVLink rate.</summary>
    NvSwitch,

    /// <summary>DGX-1's hybrid cube-mesh of NVLinks: cube edges plus two face diagonals, not every pair direct.</summary>
    HybridCubeMesh,

    /// <summary>Point-to-point links between every pair (AMD xGMI, Gaudi integrated RoCE).</summary>
    FullMesh,

    /// <summary>No GPU-GPU links: peer traffic goes through PCIe switches and the host bridges.</summary>
    PcieTree,

    /// <summary>TPU chips on a 2D or 3D torus of ICI links (wrap-around where the slice shape allows).</summary>
    Torus,
}
