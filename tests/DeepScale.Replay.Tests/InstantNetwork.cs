using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Replay;

namespace DeepScale.Replay.Tests;

/// <summary>A network where data arrives after a fixed delay: isolates schedule effects from network effects.</summary>
internal sealed class InstantNetwork(Simulation simulation, Duration delay = default) : INetworkModel
{
    public int Collectives { get; private set; }

    public int Transfers { get; private set; }

    public int MirrorGroups { get; private set; }

    public Event Collective(CollectiveOp op, IReadOnlyList<IReadOnlyList<DeviceId>> groups, Bytes size)
    {
        Collectives++;
        MirrorGroups += groups.Count;
        return simulation.Timeout(delay);
    }

    public Event PointToPoint(IReadOnlyList<(DeviceId From, DeviceId To)> pairs, Bytes size)
    {
        Transfers++;
        return simulation.Timeout(delay);
    }
}
