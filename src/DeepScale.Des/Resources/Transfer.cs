using DeepScale.Core.Units;
using DeepScale.Des.Events;

namespace DeepScale.Des.Resources;

/// <summary>
/// A flow of bytes along a path of <see cref="BandwidthLink"/>s: an event that happens when the last byte has
/// crossed the path and the path's latency has passed. While it runs, its rate is its max-min fair share over the
/// links of its path, recomputed whenever a transfer sharing a link with it (directly or through others) starts or
/// ends.
/// </summary>
public sealed class Transfer : Event
{
    internal readonly BandwidthLink[] PathLinks;

    /// <summary>Members' streams on each link of the path; null when every weight is 1.</summary>
    internal readonly double[]? Weights;

    /// <summary>Bytes still to send, as of <see cref="LastUpdateTicks"/>.</summary>
    internal double Remaining;

    /// <summary>The network's indexes of <see cref="PathLinks"/>.</summary>
    internal readonly int[] LinkIndexes;

    /// <summary>The rate per tick the transfer gets with its links to itself (the narrowest link's capacity over its weight).</summary>
    internal readonly double IsolatedRate;

    internal double RatePerTick;
    internal long LastUpdateTicks;

    /// <summary>Position in the network's list of loose transfers (running alone, in no link's flow list); −1 otherwise.</summary>
    internal int LooseSlot = -1;

    /// <summary>Time of the earliest pending timer entry of this transfer in the event queue (long.MaxValue: none).</summary>
    internal long TimerAt = long.MaxValue;

    internal bool Frozen;
    internal int Stamp;
    internal bool Running;

    internal Transfer(Simulation simulation, FairShareNetwork network, Bytes size, BandwidthLink[] path, double[]? weights,
        int[] linkIndexes, double isolatedRate, Duration latency)
        : base(simulation)
    {
        LinkIndexes = linkIndexes;
        IsolatedRate = isolatedRate;
        Network = network;
        Size = size;
        PathLinks = path;
        Weights = weights;
        Latency = latency;
        Remaining = size.Count;
        StartTime = simulation.Now;
        LastUpdateTicks = simulation.Now.Ticks;
    }

    public FairShareNetwork Network { get; }

    public Bytes Size { get; }

    public Duration Latency { get; }

    public IReadOnlyList<BandwidthLink> Path => PathLinks;

    public SimTime StartTime { get; }

    /// <summary>The weight (member streams) of path link <paramref name="index"/>.</summary>
    public double WeightAt(int index) => Weights is null ? 1 : Weights[index];

    /// <summary>The weight on <paramref name="link"/>, or 0 when the path does not cross it.</summary>
    public double WeightOn(BandwidthLink link)
    {
        int i = Array.IndexOf(PathLinks, link);
        return i < 0 ? 0 : WeightAt(i);
    }

    /// <summary>When the last byte crossed the path (before the latency), once it has.</summary>
    public SimTime? DrainedAt => _drainedTicks < 0 ? null : new SimTime(_drainedTicks);

    /// <summary>The current max-min fair rate (zero once drained).</summary>
    public ByteRate Rate => new(RatePerTick * Duration.TicksPerSecond);

    /// <summary>The tick at which the last byte crossed the path (−1 until then); the completion entry is due a latency later.</summary>
    private long _drainedTicks = -1;

    internal void Drained(SimTime now)
    {
        Running = false;
        RatePerTick = 0;
        Remaining = 0;
        _drainedTicks = now.Ticks;
        TriggerOk(Latency, EventPriority.Normal);
    }

    internal override void OnDequeued()
    {
        if (Running)
        {
            Network.OnTimer(this);
        }
        else if (State == EventState.Triggered && Simulation.Now.Ticks == _drainedTicks + Latency.Ticks)
        {
            ProcessCallbacks();
        }

        // Otherwise an obsolete timer entry of a drained transfer: nothing to do.
    }

    internal void ScheduleTimer(long delayTicks) => Simulation.Schedule(this, delayTicks, EventPriority.Normal);

    public override string Describe() => $"Transfer({Size} over {PathLinks.Length} links{(Weights is null ? "" : ", weighted")})";
}
