using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;

namespace DeepScale.Experiments.Running;

/// <summary>
/// How busy each class of link was over a replay: bytes the links carried over what their capacity could have
/// carried in the simulated time, averaged over every link of the class in the cluster (idle ones count as 0). A
/// symmetric replay's mirror copies load the real links, so these are the whole cluster's figures.
/// </summary>
public sealed record LinkUtilization(double ScaleUp, double ScaleOut, double Storage)
{
    /// <summary>Nothing measured (the analytical fidelity has no links).</summary>
    public static LinkUtilization None { get; } = new(0, 0, 0);

    public static LinkUtilization Of(Cluster cluster, ClusterLinks links, Duration span)
    {
        if (span.Ticks <= 0)
        {
            return None;
        }

        double[] sum = new double[3];
        int[] count = new int[3];
        foreach (DirectedLink d in cluster.Links)
        {
            int cls = d.Kind switch
            {
                LinkKind.Network => 1,
                LinkKind.StorageIo => 2,
                _ => 0,
            };
            count[cls]++;
            if (links.Existing(d.Id) is { } used)
            {
                sum[cls] += Math.Clamp(used.BytesCarried.Count / (used.Capacity.BytesPerSecond * span.Seconds), 0, 1);
            }
        }

        return new LinkUtilization(Mean(0), Mean(1), Mean(2));

        double Mean(int cls) => count[cls] == 0 ? 0 : sum[cls] / count[cls];
    }
}
