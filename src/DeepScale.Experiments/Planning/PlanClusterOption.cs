using DeepScale.Core.Units;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Cloud;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Workloads.Cost;

namespace DeepScale.Experiments.Planning;

/// <summary>
/// One cluster the planner may run on: the spec with its <c>cluster:</c> section rewritten for a GPU count (and
/// cloud instance type), resolved by the loader's hardware binding; the topology and its collective model are built
/// on first use and shared by every layout evaluated on it.
/// </summary>
internal sealed class PlanClusterOption
{
    private readonly Lazy<(Cluster Cluster, CollectiveModel Collectives)> _built;

    public PlanClusterOption(int index, SpecDocument spec, ScenarioCluster cluster, Precision precision, HardwareCatalog catalog,
        CollectiveAlgorithm? preferred = null)
    {
        Index = index;
        Precision = precision;
        Spec = spec;
        Cluster = cluster;
        // The same cost model the scenario runner replays with (for host-cpu: the catalog's calibrated profile).
        Cost = ScenarioRunner.CostModelFor(cluster, catalog);
        UsdPerHour = cluster.CloudInstance is { OnDemandUsdPerHour: not null } instance ? CloudCost.For(instance, cluster.Nodes).UsdPerHour : 0;
        _built = new Lazy<(Cluster, CollectiveModel)>(() =>
        {
            Cluster built = ClusterBuilder.Build(cluster.Spec, catalog);
            return (built, new CollectiveModel(built) { Preferred = preferred });
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public int Index { get; }

    /// <summary>The spec with this cluster written into it.</summary>
    public SpecDocument Spec { get; }

    public ScenarioCluster Cluster { get; }

    /// <summary>The training precision on this cluster: the spec's, or the loader's default for its accelerator.</summary>
    public Precision Precision { get; }

    public ComputeCostModel Cost { get; }

    public int Gpus => Cluster.Gpus;

    /// <summary>On-demand price of the whole cluster (0 when the cluster has no cloud price).</summary>
    public double UsdPerHour { get; }

    /// <summary>Device memory of one accelerator.</summary>
    public Bytes Capacity => Cluster.Accelerator.Memory;

    /// <summary>The topology (built on first use; a <see cref="TopologyException"/> if the Hardware layer refuses it).</summary>
    public Cluster Topology => _built.Value.Cluster;

    public CollectiveModel Collectives => _built.Value.Collectives;

    /// <summary>How the option reads in messages: "128 × dgx-a100-80gb (1024 GPUs)" or "16 × p4d.24xlarge (128 GPUs)".</summary>
    public string Describe() => Cluster.CloudInstance is { } i
        ? $"{Cluster.Nodes} x {i.Instance} ({Gpus} GPUs)"
        : $"{Cluster.Nodes} x {Cluster.SystemId} ({Gpus} GPUs)";
}
