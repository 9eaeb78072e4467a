using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Parallelism.Schedules;

namespace DeepScale.Parallelism.Analytical;

/// <summary>
/// Remembers every communication time another <see cref="ICommunicationCost"/> has given, by operation, group,
/// stage and size, so that an estimate evaluated many times (the planner's) asks the collective model each question
/// once. Not synchronized for writers: give each thread its own instance, or fill it before sharing it for reading.
/// </summary>
public sealed class MemoizedCommunicationCost(ICommunicationCost inner) : ICommunicationCost
{
    private readonly ICommunicationCost _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly Dictionary<(CollectiveOp, GroupRole, int, double), Duration> _collectives = [];
    private readonly Dictionary<(int, int, double), Duration> _transfers = [];
    private readonly Dictionary<(CollectiveOp, GroupRole, int, int, double), Duration> _alongside = [];
    private readonly Dictionary<(GroupRole, int), int> _channels = [];

    public Duration Collective(CollectiveOp op, GroupRole role, int stage, Bytes size)
    {
        if (!_collectives.TryGetValue((op, role, stage, size.Count), out Duration time))
        {
            time = _inner.Collective(op, role, stage, size);
            _collectives[(op, role, stage, size.Count)] = time;
        }

        return time;
    }

    public Duration CollectiveAlongside(CollectiveOp op, GroupRole role, int stage, int alongside, Bytes size)
    {
        if (!_alongside.TryGetValue((op, role, stage, alongside, size.Count), out Duration time))
        {
            time = _inner.CollectiveAlongside(op, role, stage, alongside, size);
            _alongside[(op, role, stage, alongside, size.Count)] = time;
        }

        return time;
    }

    public int Channels(GroupRole role, int stage)
    {
        if (!_channels.TryGetValue((role, stage), out int channels))
        {
            channels = _inner.Channels(role, stage);
            _channels[(role, stage)] = channels;
        }

        return channels;
    }

    public Duration PointToPoint(int fromStage, int toStage, Bytes size)
    {
        if (!_transfers.TryGetValue((fromStage, toStage, size.Count), out Duration time))
        {
            time = _inner.PointToPoint(fromStage, toStage, size);
            _transfers[(fromStage, toStage, size.Count)] = time;
        }

        return time;
    }
}
