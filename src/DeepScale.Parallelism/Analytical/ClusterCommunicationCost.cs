using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;

namespace DeepScale.Parallelism.Analytical;

/// <summary>
/// Communication times of each stage's representative rank (data replica 0, tensor rank 0) from the cluster's
/// analytical collective model, cached by group, operation and size.
/// </summary>
public sealed class ClusterCommunicationCost(CollectiveModel collectives, RankGrid grid, IReadOnlyList<DeviceId> deviceOfRank) : ICommunicationCost
{
    private readonly Dictionary<(CollectiveOp, GroupRole, int, double), Duration> _cache = [];

    public Duration Collective(CollectiveOp op, GroupRole role, int stage, Bytes size)
    {
        if (size.Count <= 0)
        {
            return Duration.Zero;
        }

        if (_cache.TryGetValue((op, role, stage, size.Count), out Duration time))
        {
            return time;
        }

        var rep = new RankCoordinates(0, stage, 0);
        int[] members = role switch
        {
            GroupRole.Tensor => grid.TensorGroup(rep),
            GroupRole.Data => grid.DataGroup(rep),
            _ => grid.EmbeddingGroup(rep),
        };
        time = members.Length < 2
            ? Duration.Zero
            : collectives.Estimate(new CollectiveRequest(op, [.. members.Select(r => deviceOfRank[r])], size)).Time;
        _cache[(op, role, stage, size.Count)] = time;
        return time;
    }

    public Duration PointToPoint(int fromStage, int toStage, Bytes size)
    {
        if (size.Count <= 0 || fromStage == toStage)
        {
            return Duration.Zero;
        }

        DeviceId from = deviceOfRank[grid.RankOf(new RankCoordinates(0, fromStage, 0))];
        DeviceId to = deviceOfRank[grid.RankOf(new RankCoordinates(0, toStage, 0))];
        return collectives.Estimate(new CollectiveRequest(CollectiveOp.SendRecv, [from, to], size)).Time;
    }
}
