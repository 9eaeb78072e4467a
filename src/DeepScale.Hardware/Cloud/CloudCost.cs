using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Cloud;

/// <summary>
/// The on-demand price of a cluster of cloud instances (USD per hour, from <c>cloud_instances.csv</c>; TPU rows are
/// priced per chip-hour, so there one "instance" is one chip) and the cost of a run, an iteration or any duration
/// on it. Immutable.
/// </summary>
/// <param name="Instance">The instance type.</param>
/// <param name="Instances">Number of instances (or chips for per-chip TPU rows).</param>
/// <param name="UsdPerHour">Price of the whole cluster per hour.</param>
public sealed record CloudCost(CloudInstanceSpec Instance, int Instances, double UsdPerHour)
{
    /// <summary>The hourly cost of <paramref name="instances"/> instances; throws naming the field when there is no on-demand price.</summary>
    public static CloudCost For(CloudInstanceSpec instance, int instances)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instances < 1)
        {
            throw new TopologyException("cluster.nodes", $"{instances} must be at least 1");
        }

        double perHour = instance.OnDemandUsdPerHour
            ?? throw new TopologyException("cluster.cloud.instance", $"{instance.Instance} has no on-demand price in the catalog snapshot ({instance.PriceDate})");
        return new CloudCost(instance, instances, perHour * instances);
    }

    /// <summary>Cost of running the cluster for <paramref name="duration"/>.</summary>
    public double UsdFor(Duration duration) => UsdPerHour * duration.Seconds / 3600.0;

    /// <summary>Cost of one training iteration of the given length.</summary>
    public double UsdPerIteration(Duration iteration) => UsdFor(iteration);

    /// <summary>Cost of <paramref name="iterations"/> iterations of the given length.</summary>
    public double UsdForIterations(Duration iteration, long iterations) => UsdFor(iteration) * iterations;

    /// <summary>Price per accelerator-hour.</summary>
    public double UsdPerAcceleratorHour => UsdPerHour / (Instances * (double)Math.Max(1, Instance.Accelerators));
}
