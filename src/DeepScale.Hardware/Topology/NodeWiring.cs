using System.Collections.Immutable;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// The vertices of one built node: its accelerators, host CPU sockets, PCIe switches, NICs, the NVSwitch (if any)
/// and its local NVMe drive. Immutable.
/// </summary>
/// <param name="Node">Node index.</param>
/// <param name="Accelerators">Accelerators by local index.</param>
/// <param name="Sockets">Host CPU sockets.</param>
/// <param name="PcieSwitches">PCIe switches.</param>
/// <param name="Nics">Scale-out NICs by local index.</param>
/// <param name="NvSwitch">The NVSwitch fabric vertex, or null.</param>
/// <param name="LocalNvme">The node's NVMe drive vertex.</param>
public sealed record NodeWiring(
    int Node,
    ImmutableArray<DeviceId> Accelerators,
    ImmutableArray<DeviceId> Sockets,
    ImmutableArray<DeviceId> PcieSwitches,
    ImmutableArray<DeviceId> Nics,
    DeviceId? NvSwitch,
    DeviceId LocalNvme);
