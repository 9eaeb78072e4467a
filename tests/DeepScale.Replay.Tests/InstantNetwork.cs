using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Replay;

namespace DeepScale.Replay.Tests;

/// <summary>
/// A network where data arrives after a fixed delay, plus the size over <paramref name="bandwidth"/> when one is
/// given: isolates schedule effects from network effects.
/// </summary>
internal sealed class InstantNetwork(Simulation simulation, Duration delay = default, ByteRate bandwidth = default) : INetworkModel
{
    /// <summary>What a collective or transfer of <paramref name="size"/> takes.</summary>
    public Duration Time(Bytes size) => bandwidth.BytesPerSecond > 0 ? delay + (size / bandwidth) : delay;

    public int Collectives { get; private set; }

    public int Transfers { get; private set; }

    public int MirrorGroups { get; private set; }

    public Event Collective(CollectiveOp op, IReadOnlyList<IReadOnlyList<DeviceId>> groups, Bytes size)
    {
        Collectives++;
        MirrorGroups += groups.Count;
        return simulation.Timeout(Time(size));
    }

    public Event PointToPoint(IReadOnlyList<(DeviceId From, DeviceId To)> pairs, Bytes size)
    {
        Transfers++;
        return simulation.Timeout(Time(size));
    }
}
