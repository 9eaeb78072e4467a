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
/// weight of the stage's ranks there (a weighted bundle), as if each had been simulated. Under round robin (a full
/// replay with a time slice) a rank's work also needs one of its host's cores, a first-come, first-served resource it
/// keeps until it blocks or its slice ends while another rank waits; the work still crosses the links, so the cores
/// run at the host's all-core clock when all are busy.
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

    // Round robin (a positive time slice in a full replay): each host's cores as a first-come, first-served
    // resource, and what each rank holds of it.
    private readonly Dictionary<int, Resource>? _coresOfHost;
    private readonly Dictionary<int, RankOnCore>? _onCore;
    private readonly double _slice;

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

        if (mode == ReplayMode.Full && cpu.TimeSlice > Duration.Zero)
        {
            _slice = cpu.TimeSlice.Seconds;
            _coresOfHost = [];
            _onCore = [];
            foreach (int h in cpu.HostOfRank.Take(grid.Size).Distinct().Order())
            {
                _coresOfHost[h] = new Resource(simulation, cpu.Cores, name: $"host{h}.cores");
            }
        }

        foreach (int rank in simulatedRanks.Order())
        {
            if (_onCore is not null)
            {
                _onCore[rank] = new RankOnCore(_coresOfHost![cpu.HostOfRank[rank]]);
            }

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
    public Event Work(int rank, Duration time) => Work(rank, time, countQueued: true);

    /// <summary>
    /// The rank waits for something other than its own work (a peer, a dependency, data): under round robin it
    /// gives its core to the next rank in the queue, unless work of its own still runs on it.
    /// </summary>
    public void Block(int rank)
    {
        if (_onCore is not null && _onCore[rank] is { Running: 0, Held: { Status: RequestStatus.Granted } held } onCore)
        {
            onCore.Held = null;
            onCore.Cores.Release(held);
        }
    }

    /// <summary>
    /// Time <paramref name="rank"/>'s work waited in its host's queue for a core the rank did not hold, since the last
    /// call: the wait before work starts, not the waits of slices given up in the middle of it (they belong to that
    /// work) nor those inside collectives on the cores.
    /// </summary>
    public Duration TakeQueued(int rank)
    {
        if (_onCore is null)
        {
            return Duration.Zero;
        }

        RankOnCore onCore = _onCore[rank];
        Duration queued = onCore.Queued;
        onCore.Queued = Duration.Zero;
        return queued;
    }

    private Event Work(int rank, Duration time, bool countQueued)
    {
        if (time.Ticks <= 0)
        {
            return _sim.Timeout(Duration.Zero);
        }

        return _onCore is null ? Run(rank, time.Seconds) : _sim.Process(RoundRobin(_onCore[rank], rank, time.Seconds, countQueued), "cpu work");
    }

    private Transfer Run(int rank, double coreSeconds)
    {
        (BandwidthLink[] path, double[]? weights) = _paths[rank];
        return _network.Transfer(new Bytes(coreSeconds * UnitsPerCoreSecond), path, weights, Duration.Zero);
    }

    private IEnumerable<Event> RoundRobin(RankOnCore onCore, int rank, double coreSeconds, bool countQueued)
    {
        onCore.Running++;
        double left = coreSeconds;
        bool first = true;
        while (left > 0)
        {
            if (onCore.Held is null)
            {
                SimTime asked = _sim.Now;
                onCore.Held = onCore.Cores.Request();
                onCore.SliceLeft = _slice;
                yield return onCore.Held;
                if (first && countQueued)
                {
                    onCore.Queued += _sim.Now - asked;
                }
            }
            else if (!onCore.Held.IsTriggered)
            {
                // Another stream of the rank asked for the core first.
                yield return onCore.Held;
            }

            first = false;
            double piece = Math.Min(left, onCore.SliceLeft);
            yield return Run(rank, piece);
            left -= piece;
            onCore.SliceLeft -= piece;
            if (onCore.SliceLeft <= 1e-12)
            {
                onCore.SliceLeft = _slice;
                if (onCore.Cores.QueueLength > 0 && onCore.Running == 1)
                {
                    // The slice is over and another rank waits: to the back of the queue.
                    Request held = onCore.Held!;
                    onCore.Held = null;
                    onCore.Cores.Release(held);
                }
            }
        }

        onCore.Running--;
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
            int running = members.Count;
            for (int i = 0; i < members.Count; i++)
            {
                work[i] = Work(members[i], step, countQueued: false);
                if (_onCore is not null)
                {
                    // A member done with its step waits for the others' (the ring's next step needs its
                    // neighbour's data); the last one goes straight on.
                    work[i].AddCallback((_, member) =>
                    {
                        if (--running > 0)
                        {
                            Block(member);
                        }
                    }, members[i]);
                }
            }

            yield return _sim.AllOf(work);
        }
    }

    /// <summary>A rank's hold on its host's cores under round robin.</summary>
    private sealed class RankOnCore(Resource cores)
    {
        public Resource Cores { get; } = cores;

        /// <summary>The core the rank holds or waits for; null when it has none.</summary>
        public Request? Held { get; set; }

        /// <summary>Work of the rank in progress (its streams may overlap).</summary>
        public int Running { get; set; }

        /// <summary>Core-seconds left of the present slice.</summary>
        public double SliceLeft { get; set; }

        /// <summary>Queueing for a core at the start of work, not yet taken by <see cref="TakeQueued"/>.</summary>
        public Duration Queued { get; set; }
    }
}
