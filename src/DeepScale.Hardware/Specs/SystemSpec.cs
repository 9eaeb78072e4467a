using DeepScale.Core.Units;

namespace DeepScale.Hardware.Specs;

/// <summary>
/// A node preset from <c>systems.csv</c> (a DGX/HGX server, an accelerator baseboard or a TPU host): accelerator,
/// count, scale-up fabric, scale-out NICs, host CPU, memory and local storage. The topology layer turns it into a
/// node of a cluster. Immutable.
/// </summary>
/// <param name="Id">Catalog id, lowercase-kebab (e.g. <c>dgx-a100-80gb</c>).</param>
/// <param name="Name">Display name as the source prints it.</param>
/// <param name="AcceleratorId">Catalog id of the accelerator the node carries.</param>
/// <param name="AcceleratorsPerNode">Accelerators in one node (for TPU pods: chips per host).</param>
/// <param name="Fabric">How the accelerators are wired inside the node or slice.</param>
/// <param name="ScaleUpLinkId">Interconnect id of the scale-up links (e.g. <c>nvlink-3</c>); empty for PCIe-only nodes.</param>
/// <param name="PerAcceleratorScaleUp">Scale-up bandwidth per accelerator per direction (spec, before efficiency).</param>
/// <param name="NicsPerNode">Scale-out NICs per node (0 when the source gives none).</param>
/// <param name="NicRate">Line rate of one NIC port; zero when not given.</param>
/// <param name="ScaleOutLinkId">Interconnect id of the scale-out ports (e.g. <c>ib-hdr</c>); empty when not given.</param>
public sealed record SystemSpec(
    string Id,
    string Name,
    string AcceleratorId,
    int AcceleratorsPerNode,
    ScaleUpFabric Fabric,
    string ScaleUpLinkId,
    ByteRate PerAcceleratorScaleUp,
    int NicsPerNode,
    ByteRate NicRate,
    string ScaleOutLinkId)
{
    /// <summary>NVSwitch chips per node (0 when none or not given).</summary>
    public int SwitchChips { get; init; }

    /// <summary>Host CPU as the source describes it.</summary>
    public string HostCpu { get; init; } = "";

    /// <summary>Host memory capacity (binary: "1 TB" of DDR is read as 1 TiB); null when not given.</summary>
    public Bytes? HostMemory { get; init; }

    /// <summary>Local storage as the source describes it, e.g. "15 TB PCIe Gen4 NVMe".</summary>
    public string LocalStorage { get; init; } = "";

    /// <summary>Local NVMe capacity (decimal, as drive makers print it); null when not given.</summary>
    public Bytes? LocalStorageCapacity { get; init; }

    /// <summary>Chips in a full pod or NVLink domain (TPU pods, NVL72); 0 otherwise.</summary>
    public int PodSize { get; init; }

    /// <summary>Default slice or pod torus shape for TPU systems (x, y, z); empty otherwise.</summary>
    public IReadOnlyList<int> TorusShape { get; init; } = [];

    /// <summary>Default scale-out topology of a cluster of these nodes.</summary>
    public ScaleOutTopology DefaultScaleOut { get; init; } = ScaleOutTopology.FatTree;

    /// <summary>Topology notes of the source row.</summary>
    public string TopologyNotes { get; init; } = "";

    /// <summary>The catalog row the values were read from; null for systems written inline.</summary>
    public Catalog.CsvRow? Origin { get; init; }
}
