using DeepScale.Core.Units;

namespace DeepScale.Hardware.Specs;

/// <summary>
/// One node of a cluster with every preset choice resolved: which accelerator and how many, how they are wired,
/// the NICs, the PCIe generation, the host and its memory, the local drives. Built from a <see cref="SystemSpec"/>
/// plus overrides, or from a cloud instance. Immutable.
/// </summary>
/// <param name="Name">System id or instance id the node came from.</param>
/// <param name="Accelerator">The accelerator.</param>
/// <param name="AcceleratorsPerNode">Accelerators in the node.</param>
/// <param name="Fabric">How they are wired.</param>
/// <param name="ScaleUpLink">Scale-up interconnect (null for PCIe-only nodes).</param>
/// <param name="PerAcceleratorScaleUp">Scale-up bandwidth per accelerator per direction (spec).</param>
/// <param name="NicsPerNode">Scale-out NICs.</param>
/// <param name="NicLink">Scale-out interconnect (null when the node has no scale-out).</param>
/// <param name="NicRate">Line rate of one NIC port.</param>
/// <param name="Pcie">PCIe link of accelerators and NICs.</param>
public sealed record NodeSpec(
    string Name,
    AcceleratorSpec Accelerator,
    int AcceleratorsPerNode,
    ScaleUpFabric Fabric,
    LinkSpec? ScaleUpLink,
    ByteRate PerAcceleratorScaleUp,
    int NicsPerNode,
    LinkSpec? NicLink,
    ByteRate NicRate,
    LinkSpec Pcie)
{
    /// <summary>Host CPU description.</summary>
    public string HostCpu { get; init; } = "";

    /// <summary>Host memory; null when unknown.</summary>
    public Bytes? HostMemory { get; init; }

    /// <summary>Local storage description.</summary>
    public string LocalStorage { get; init; } = "";

    /// <summary>Number of local NVMe data drives (at least 1).</summary>
    public int LocalDrives { get; init; } = 1;

    /// <summary>Total accelerator memory of the node.</summary>
    public Bytes AcceleratorMemory => Accelerator.Memory * AcceleratorsPerNode;

    /// <summary>Scale-out line rate of the whole node, one direction.</summary>
    public ByteRate ScaleOutPerNode => NicRate * NicsPerNode;
}
