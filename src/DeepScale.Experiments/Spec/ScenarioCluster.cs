using System.Collections.Immutable;

using DeepScale.Hardware.Specs;
using DeepScale.Hardware.Topology;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// The resolved cluster of a scenario: the <see cref="ClusterSpec"/> that <c>ClusterBuilder.Build</c> turns into a
/// topology (see <see cref="ClusterFactory"/>), and the facts resolved from the catalog on the way (system,
/// accelerator, node and GPU counts, cloud instance and its price). Immutable.
/// </summary>
/// <param name="Spec">What to build: the Hardware layer's input.</param>
/// <param name="SystemId">Catalog system the nodes are modelled on.</param>
/// <param name="Accelerator">The accelerator of every GPU slot.</param>
/// <param name="Nodes">Number of nodes.</param>
/// <param name="GpusPerNode">Accelerators used per node.</param>
/// <param name="CatalogVersion">Version of the catalog the ids were resolved in.</param>
public sealed record ScenarioCluster(
    ClusterSpec Spec,
    string SystemId,
    AcceleratorSpec Accelerator,
    int Nodes,
    int GpusPerNode,
    string CatalogVersion)
{
    /// <summary>The cloud instance type each node is, when the spec names one; its prices give the run's cost.</summary>
    public CloudInstanceSpec? CloudInstance { get; init; }

    /// <summary>Storage tiers of the cluster besides each node's local NVMe, in spec order.</summary>
    public ImmutableArray<StorageTierKind> SharedStorage { get; init; } = [];

    /// <summary>
    /// Relative standard deviation of sustained speed across the accelerators (<c>cluster.device_variation</c>);
    /// 0 for identical devices.
    /// </summary>
    public double DeviceVariation { get; init; }

    /// <summary>Speed of the slowest accelerator, which sets a synchronous job's pace, relative to the median one.</summary>
    public double PaceFactor => Workloads.Cost.DeviceVariation.SlowestSpeed(DeviceVariation, Gpus);

    /// <summary>Total accelerators.</summary>
    public int Gpus => Nodes * GpusPerNode;
}
