using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Topology;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// Builds the topology of a loaded scenario. Building wires every GPU, NIC and switch, so it is left to the runner
/// rather than done at load; any error the Hardware layer still finds is reported as a <see cref="SpecException"/>
/// positioned in the spec.
/// </summary>
public static class ClusterFactory
{
    /// <summary>The scenario's cluster, built with <paramref name="catalog"/> (the default catalog when null).</summary>
    public static Cluster Build(Scenario scenario, HardwareCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return HardwareBinding.Build(scenario, catalog);
    }
}
