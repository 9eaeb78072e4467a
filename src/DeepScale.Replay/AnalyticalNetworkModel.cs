using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;

namespace DeepScale.Replay;

/// <summary>
/// The network as α-β costs without contention: each communication takes the analytical time of its collective
/// on its group (the slowest of the mirror copies), whatever else is on the wire. Fast; the reference the
/// contention-aware model is compared with.
/// </summary>
public sealed class AnalyticalNetworkModel(Simulation simulation, CollectiveModel collectives) : INetworkModel
{
    /// <summary>
    /// A storage read without contention from other traffic: the slower of one reader's route and the tier's
    /// aggregate bandwidth shared by all the readers of the call (for local NVMe, the readers of one node).
    /// </summary>
    public Event StorageRead(StorageTierKind tier, IReadOnlyList<DeviceId> readers, Bytes size)
    {
        if (readers.Count == 0 || size.Count == 0)
        {
            return simulation.Timeout(Duration.Zero);
        }

        Cluster cluster = collectives.Cluster;
        Route route = cluster.StorageReadRoute(tier, readers[0]);
        StorageTier storage = cluster.StorageTier(tier);
        int sharing = cluster.StorageSharers(tier, readers, readers[0]);
        Duration alone = route.Latency + (size / route.Bottleneck);
        Duration shared = storage.Latency + ((size * sharing) / storage.ReadBandwidth);
        return simulation.Timeout(Duration.Max(alone, shared));
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<DeviceId>, Dictionary<(CollectiveOp, double), Duration>> _byGroup = [];
    private readonly Dictionary<(int, int, double), Duration> _pairs = [];

    /// <remarks>The mirror copies of a call are symmetric by construction, so without contention the first
    /// copy's time is every copy's time.</remarks>
    public Event Collective(CollectiveOp op, IReadOnlyList<IReadOnlyList<DeviceId>> groups, Bytes size) =>
        simulation.Timeout(groups.Count == 0 ? Duration.Zero : Time(op, groups[0], size));

    public Event PointToPoint(IReadOnlyList<(DeviceId From, DeviceId To)> pairs, Bytes size)
    {
        if (pairs.Count == 0)
        {
            return simulation.Timeout(Duration.Zero);
        }

        (DeviceId from, DeviceId to) = pairs[0];
        if (!_pairs.TryGetValue((from.Index, to.Index, size.Count), out Duration time))
        {
            time = Estimate(CollectiveOp.SendRecv, [from, to], size);
            _pairs[(from.Index, to.Index, size.Count)] = time;
        }

        return simulation.Timeout(time);
    }

    /// <summary>The analytical time of one collective, cached by group (the replay reuses group lists), operation and size.</summary>
    public Duration Time(CollectiveOp op, IReadOnlyList<DeviceId> group, Bytes size)
    {
        Dictionary<(CollectiveOp, double), Duration> cache = _byGroup.GetOrCreateValue(group);
        if (!cache.TryGetValue((op, size.Count), out Duration time))
        {
            time = Estimate(op, group, size);
            cache[(op, size.Count)] = time;
        }

        return time;
    }

    private Duration Estimate(CollectiveOp op, IReadOnlyList<DeviceId> group, Bytes size) =>
        group.Count < 2 || size.Count == 0
            ? Duration.Zero
            : collectives.Estimate(new CollectiveRequest(op, [.. group], size)).Time;
}
