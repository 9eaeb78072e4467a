using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Catalog;

/// <summary>
/// The <c>host</c> system: this machine as one node whose "accelerators" are worker processes of the real CPU
/// trainer, all on the <c>host-cpu</c> device. The workers share the host's cores, its memory and its loopback
/// interface; they exchange data over the <c>loopback-tcp</c> link (a TCP connection between two processes of one
/// host, α and β from the calibration). A spec picks the number of workers with <c>cluster.gpus_per_node</c>; more
/// workers than cores oversubscribe the CPU, which the replay models by sharing the cores between the workers'
/// compute.
/// </summary>
/// <remarks>
/// The preset is not a row of <c>systems.csv</c> (it describes whatever machine DeepScale runs on); the catalog adds
/// it beside the <c>host-cpu</c> placeholder and replaces its link and host description with a calibration's.
/// The topology layer wires the workers as a full mesh of loopback links (every process can open a connection to
/// every other) under one host socket, with the node's local drive beside it.
/// </remarks>
public static class HostSystem
{
    /// <summary>The catalog id of the system.</summary>
    public const string Id = "host";

    /// <summary>The catalog id of the loopback link between worker processes.</summary>
    public const string LoopbackLinkId = "loopback-tcp";

    /// <summary>
    /// Worker slots of the preset: a spec may run up to this many workers. The real trainer starts one process per
    /// worker; 64 is the largest K <c>deepscale train-real</c> accepts.
    /// </summary>
    public const int MaxWorkers = 64;

    /// <summary>The preset for a host whose CPU the profile describes.</summary>
    public static SystemSpec Preset(HostCpuCostProfile cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        return new SystemSpec(
            Id,
            $"This host: worker processes sharing {cpu.Cores} cores",
            HostCpuDevice.Id,
            MaxWorkers,
            ScaleUpFabric.FullMesh,
            LoopbackLinkId,
            cpu.LoopbackBandwidth,
            0,
            ByteRate.Zero,
            "")
        {
            HostCpu = $"{cpu.Cores} cores ({(cpu.IsPlaceholder ? "placeholder" : "calibrated")})",
            LocalStorage = "local drive (page cache in front)",
            DefaultScaleOut = ScaleOutTopology.None,
            TopologyNotes = "one node; workers talk over loopback TCP, sharing the host's cores, memory and loopback",
        };
    }

    /// <summary>
    /// The loopback link of a host: a worker sends at β within one ring step and every step costs α
    /// (<see cref="HostCpuCostProfile.LoopbackLatency"/>, <see cref="HostCpuCostProfile.LoopbackBandwidth"/>). The
    /// measured β is what a transfer achieves, so the achievable fraction is 1.
    /// </summary>
    public static LinkSpec LoopbackLink(HostCpuCostProfile cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        return new LinkSpec(
            LoopbackLinkId,
            "Loopback TCP between processes",
            LinkCategory.ScaleUp,
            cpu.LoopbackBandwidth,
            0,
            cpu.LoopbackBandwidth,
            ByteRate.Zero,
            cpu.LoopbackLatency,
            1.0,
            cpu.IsPlaceholder
                ? "placeholder: the host's memory bandwidth, no latency (no calibrated loopback all-reduce)"
                : "measured: ring all-reduce between processes over loopback TCP (" + cpu.Source + ")");
    }
}
