using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Des.Resources;
using DeepScale.Hardware.Collectives;
using DeepScale.Parallelism.Layout;

namespace DeepScale.Replay;

/// <summary>
/// The hosts' processors of a replay with <see cref="SharedCpu"/>: one fair-share link per host of capacity
/// cores, one per simulated rank of capacity its cores, and work measured in core-seconds (one unit of the kernel's
/// byte count stands for a core-nanosecond). A compute op of duration d is a transfer of d core-seconds over the
/// rank's link and its host's link: alone it takes d, and concurrent ops share the host max-min fairly. In a
/// symmetric replay a representative stands for its stage's ranks, so its work crosses each host's link with the
/// weight of the stage's ranks there (a weighted bundle), as if each had been simulated.
/// </summary>
internal sealed class SharedCpuRuntime
{
    /// <summary>Work units per core-second: one unit is one core-nanosecond.</summary>
    private const double UnitsPerCoreSecond = 1e9;

    private readonly Simulation _sim;
    private readonly SharedCpu _cpu;
    private readonly FairShareNetwork _network;
    private readonly Dictionary<int, (BandwidthLink[] Path, double[]? Weights)> _paths = [];
    private readonly Dictionary<int, int> _ranksOnHost = [];

    public SharedCpuRuntime(Simulation simulation, SharedCpu cpu, RankGrid grid, ReplayMode mode, IEnumerable<int> simulatedRanks)
    {
        _sim = simulation;
        _cpu = cpu.Validated(grid.Size);
        _network = new FairShareNetwork(simulation);
        for (int r = 0; r < grid.Size; r++)
        {
            _ranksOnHost[cpu.HostOfRank[r]] = _ranksOnHost.GetValueOrDefault(cpu.HostOfRank[r]) + 1;
        }

        var hosts = new SortedDictionary<int, BandwidthLink>();
        BandwidthLink Host(int h)
        {
            if (!hosts.TryGetValue(h, out BandwidthLink? link))
            {
                link = _network.AddLink(new ByteRate(cpu.CoresPerHost * UnitsPerCoreSecond), $"host{h}.cpu");
                hosts[h] = link;
            }

            return link;
        }

        foreach (int rank in simulatedRanks.Order())
        {
            BandwidthLink own = _network.AddLink(new ByteRate(cpu.CoresPerRank * UnitsPerCoreSecond), $"rank{rank}.cpu");
            if (mode == ReplayMode.Full)
            {
                _paths[rank] = ([own, Host(cpu.HostOfRank[rank])], null);
                continue;
            }

            // The representative's mirror ranks: every rank of its pipeline stage, counted per host.
            int stage = grid.CoordinatesOf(rank).Pipeline;
            var perHost = new SortedDictionary<int, int>();
            for (int r = 0; r < grid.Size; r++)
            {
                if (grid.CoordinatesOf(r).Pipeline == stage)
                {
                    int h = cpu.HostOfRank[r];
                    perHost[h] = perHost.GetValueOrDefault(h) + 1;
                }
            }

            BandwidthLink[] path = [own, .. perHost.Keys.Select(Host)];
            double[] weights = [1, .. perHost.Values.Select(c => (double)c)];
            _paths[rank] = (path, weights);
        }
    }

    /// <summary>True when collectives among ranks of one host run as loopback CPU work here.</summary>
    public bool RunsLoopbackCollectives => _cpu.LoopbackBandwidth.BytesPerSecond > 0;

    /// <summary>The host of a global rank.</summary>
    public int HostOf(int rank) => _cpu.HostOfRank[rank];

    /// <summary>Runs <paramref name="time"/> of one core's work for <paramref name="rank"/> on its host's shared processor.</summary>
    public Event Work(int rank, Duration time)
    {
        if (time.Ticks <= 0)
        {
            return _sim.Timeout(Duration.Zero);
        }

        (BandwidthLink[] path, double[]? weights) = _paths[rank];
        return _network.Transfer(new Bytes(time.Seconds * UnitsPerCoreSecond), path, weights, Duration.Zero);
    }

    /// <summary>
    /// A ring collective of <paramref name="size"/> bytes among <paramref name="groupSize"/> ranks of one host, as
    /// lock-step steps (Thakur, Rabenseifner and Gropp 2005, section 4): all-reduce 2(p−1) steps of S/p bytes,
    /// reduce-scatter, all-gather and all-to-all p−1 steps of S/p, broadcast and point-to-point one step of S. In
    /// every step each simulated member spends α + step bytes / β of a core (the oversubscribed pair when its host
    /// runs more ranks than cores), and the next step starts when all have finished.
    /// </summary>
    public Event Collective(CollectiveOp op, int groupSize, Bytes size, IReadOnlyList<int> simulatedMembers)
    {
        int p = groupSize;
        if (p <= 1 || size.Count <= 0 || simulatedMembers.Count == 0)
        {
            return _sim.Timeout(Duration.Zero);
        }

        (int steps, Bytes perStep) = op switch
        {
            CollectiveOp.AllReduce => (2 * (p - 1), size / p),
            CollectiveOp.ReduceScatter or CollectiveOp.AllGather or CollectiveOp.AllToAll => (p - 1, size / p),
            _ => (1, size),
        };
        bool oversubscribed = _cpu.OversubscribedAbove > 0 && _cpu.OversubscribedLoopbackBandwidth.BytesPerSecond > 0
            && _ranksOnHost[_cpu.HostOfRank[simulatedMembers[0]]] > _cpu.OversubscribedAbove;
        Duration step = oversubscribed
            ? _cpu.OversubscribedLoopbackLatency + (perStep / _cpu.OversubscribedLoopbackBandwidth)
            : _cpu.LoopbackLatency + (perStep / _cpu.LoopbackBandwidth);
        return _sim.Process(Steps(steps, step, simulatedMembers), "loopback collective");
    }

    private IEnumerable<Event> Steps(int steps, Duration step, IReadOnlyList<int> members)
    {
        for (int s = 0; s < steps; s++)
        {
            var work = new Event[members.Count];
            for (int i = 0; i < members.Count; i++)
            {
                work[i] = Work(members[i], step);
            }

            yield return _sim.AllOf(work);
        }
    }
}
