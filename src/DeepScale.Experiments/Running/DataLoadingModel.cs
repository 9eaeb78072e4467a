using DeepScale.Core.Units;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Layout;
using DeepScale.Replay;

namespace DeepScale.Experiments.Running;

/// <summary>
/// The scenario's input pipeline: as the replay runs it (<see cref="Of"/>), and its steady state in closed form for
/// the analytical estimate and the planner (<see cref="Seconds"/>).
/// </summary>
public static class DataLoadingModel
{
    /// <summary>
    /// The input pipeline under <paramref name="layout"/>: each loading rank's workers are its share of the node's
    /// loader workers, each prefetching PyTorch's <c>prefetch_factor</c> batches of one micro-batch.
    /// </summary>
    /// <param name="gpusPerNode">GPUs per node sharing the node's workers (default: the scenario's cluster).</param>
    public static DataLoading? Of(Scenario scenario, TrainingLayout layout, int? gpusPerNode = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(layout);
        if (scenario.Data is not { } data)
        {
            return null;
        }

        int workers = Math.Max(1, data.WorkersPerNode / Math.Max(1, gpusPerNode ?? scenario.Cluster.GpusPerNode));
        int microBatch = layout.MicroBatch;
        return new DataLoading
        {
            Tier = data.Storage,
            BatchBytes = data.BytesPerSample * microBatch,
            DecodeTime = data.DecodeTimePerSample * (long)microBatch,
            WorkersPerRank = workers,
            PrefetchBatches = data.PrefetchDepth * workers,
        };
    }

    /// <summary>
    /// Seconds the input pipeline needs to deliver one iteration's micro-batches to a loading rank in steady state,
    /// the larger of two bounds. Workers: each of a rank's workers reads a micro-batch (alone on its route from the
    /// storage tier) and then decodes it, so m micro-batches take m·(read + decode) / workers. Storage: every loading
    /// rank (the first stage's tensor rank 0 of each data replica and context rank; with local NVMe, those of one
    /// node) reads its m micro-batches from the same tier, whose read bandwidth they share. The iteration cannot be
    /// shorter than this.
    /// </summary>
    public static double Seconds(DataLoading data, TrainingLayout layout, Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(cluster);
        int m = layout.Microbatches;
        int workers = Math.Max(1, data.WorkersPerRank);
        if (data.BatchBytes.Count == 0)
        {
            return m * data.DecodeTime.Seconds / workers;
        }

        int[] readers = RankGrid.For(layout).DataGroup(new RankCoordinates(0, 0, 0));
        DeviceId first = cluster.Accelerators[readers[0]];
        StorageTier storage = cluster.StorageTier(data.Tier);
        int sharing = cluster.StorageSharers(data.Tier, readers.Select(r => cluster.Accelerators[r]), first);
        Route route = cluster.StorageReadRoute(data.Tier, first);
        double read = (route.Latency + (data.BatchBytes / route.Bottleneck)).Seconds;
        double workerBound = m * (read + data.DecodeTime.Seconds) / workers;
        double storageBound = (data.BatchBytes * ((double)m * sharing) / storage.ReadBandwidth).Seconds;
        return Math.Max(workerBound, storageBound);
    }
}
