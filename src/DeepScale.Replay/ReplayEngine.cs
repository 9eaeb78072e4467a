using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;

namespace DeepScale.Replay;

/// <summary>
/// Replays stage programs on the kernel: every simulated rank runs its program stream by stream, collectives start
/// when their simulated members have all arrived, point-to-point transfers when both ends have, and the network
/// model decides how long the data takes. Symmetric mode simulates one representative per pipeline stage (data
/// replica 0, tensor rank 0) and sends the communication of all the stage's other ranks along as mirror copies,
/// so the links carry the full cluster's traffic; full mode simulates every rank. With <see cref="SharedCpu"/> the
/// ranks' compute (and their collectives within a host, over loopback) is work on their hosts' shared cores. A full
/// replay too large for the memory available is refused when the engine is built (<see cref="ReplayMemoryEstimate"/>).
/// </summary>
public sealed class ReplayEngine
{
    private readonly ReplayInput _input;
    private readonly INetworkModel _network;
    private readonly Rendezvous<CollectiveKey> _collectives;
    private readonly Mailbox<TransferKey> _transfers;
    private readonly Dictionary<int, RankRuntime> _runtimes = [];
    private readonly Dictionary<(GroupRole, int), GroupPlan> _groupPlans = [];
    private readonly Dictionary<(GroupRole, int Rank), GroupPlan> _planOfRank = [];
    private readonly List<TraceSpan> _spans = [];
    private readonly Dictionary<(int, int), List<(DeviceId, DeviceId)>> _mirrorPairs = [];

    public ReplayEngine(Simulation simulation, ReplayInput input, INetworkModel network)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(network);
        if (input.Programs.Count != input.Grid.Pipeline)
        {
            throw new ArgumentException($"{input.Programs.Count} stage programs for {input.Grid.Pipeline} pipeline stages.", nameof(input));
        }

        if (input.DeviceOfRank.Count < input.Grid.Size)
        {
            throw new ArgumentException($"{input.DeviceOfRank.Count} devices for {input.Grid.Size} ranks.", nameof(input));
        }

        ReplayMemoryEstimate.EnsureFits(input);
        Simulation = simulation;
        _input = input;
        _network = network;
        _collectives = new Rendezvous<CollectiveKey>(simulation);
        _transfers = new Mailbox<TransferKey>(simulation);
    }

    public Simulation Simulation { get; }

    internal int Multiprocessors => _input.Multiprocessors;

    /// <summary>Device speed per global rank (<see cref="ReplayInput.RankSpeed"/>), or null when every rank runs as scheduled.</summary>
    internal IReadOnlyList<double>? RankSpeed => _input.RankSpeed;

    internal int DataChannels => _input.DataChannels;

    internal int TensorChannels => _input.TensorChannels;

    /// <summary>The hosts' shared processors, when ranks share cores; null when every rank owns its device.</summary>
    internal SharedCpuRuntime? Cpu { get; private set; }

    /// <summary>Runs the iterations and reports the last.</summary>
    public ReplayOutput Run()
    {
        RankGrid grid = _input.Grid;
        if (_input.RankSpeed is { } speeds && (speeds.Count < grid.Size || speeds.Any(s => !(s is > 0 and <= 2))))
        {
            throw new ArgumentException($"replay.rank_speed: needs {grid.Size} speeds in (0, 2], one per rank", nameof(_input));
        }

        var streams = _input.Programs.Select(p => new StageStreams(p)).ToArray();
        IEnumerable<int> simulated = _input.Mode == ReplayMode.Symmetric
            ? Enumerable.Range(0, grid.Pipeline).Select(s => grid.RankOf(new RankCoordinates(0, s, 0)))
            : Enumerable.Range(0, grid.Size);
        int traced = 0;
        foreach (int rank in simulated.OrderBy(r => grid.CoordinatesOf(r).Pipeline).ThenBy(r => r))
        {
            RankCoordinates c = grid.CoordinatesOf(rank);
            Bytes staticMemory = c.Pipeline < _input.StaticMemoryByStage.Count ? _input.StaticMemoryByStage[c.Pipeline] : Bytes.Zero;
            bool trace = traced++ < _input.TraceRanks;
            _runtimes[rank] = new RankRuntime(this, rank, c, _input.Programs[c.Pipeline], streams[c.Pipeline], new MemoryLedger(staticMemory), trace,
                _input.RecordCriticalPath);
        }

        if (_input.SharedCpu is { } sharedCpu)
        {
            Cpu = new SharedCpuRuntime(Simulation, sharedCpu, grid, _input.Mode, _runtimes.Keys);
        }

        if (_input.Data is { } data)
        {
            foreach (RankRuntime r in _runtimes.Values.Where(r => r.Coordinates.Pipeline == 0 && r.Coordinates.Tensor == 0))
            {
                IReadOnlyList<DeviceId> readers = _input.Mode == ReplayMode.Full
                    ? [Device(r.Rank)]
                    : [.. grid.DataGroup(new RankCoordinates(0, 0, 0)).Select(Device)];
                r.Loader = new DataLoaderRuntime(Simulation, data, _network, readers);
            }
        }

        int iterations = Math.Max(1, _input.Iterations);
        int measured = Math.Clamp(_input.MeasuredIterations, 1, iterations);
        var window = _runtimes.Keys.ToDictionary(r => r, _ => new Duration[Enum.GetValues<TimeCategory>().Length]);
        SimTime windowStart = SimTime.Zero;
        SimTime lastEnd = SimTime.Zero;
        Event driver = Simulation.Process(Driver());
        try
        {
            Simulation.Run(driver);
        }
        catch (SimulationException ex) when (Simulation.QueuedEvents == 0 && !driver.IsTriggered)
        {
            string blocked = string.Join("; ", _runtimes.Values.SelectMany(r => r.Blocked()).Take(8));
            throw new InvalidOperationException($"The schedule cannot complete: every rank waits at {Simulation.Now}. Waiting: {blocked}", ex);
        }

        return Summarize(windowStart, lastEnd, measured, window);

        IEnumerable<Event> Driver()
        {
            for (int iteration = 0; iteration < iterations; iteration++)
            {
                bool measuring = iteration >= iterations - measured;
                if (iteration == iterations - measured)
                {
                    _spans.Clear();
                    windowStart = Simulation.Now;
                }

                yield return Simulation.AllOf(_runtimes.Values.Select(r => r.RunIteration()).ToArray());
                lastEnd = Simulation.Now;
                if (measuring)
                {
                    foreach ((int rank, Duration[] parts) in window)
                    {
                        RankRuntime r = _runtimes[rank];
                        for (int c = 0; c < parts.Length; c++)
                        {
                            parts[c] += r.Parts[c];
                        }

                        // The rank's streams ending after its compute, then waiting for the slowest rank.
                        parts[(int)TimeCategory.ExposedDpComm] += new Duration(r.ComputeTailTicks);
                        parts[(int)TimeCategory.PipelineBubble] += lastEnd - r.IterationEnd;
                    }
                }
            }
        }
    }

    private ReplayOutput Summarize(SimTime start, SimTime end, int measured, Dictionary<int, Duration[]> window)
    {
        RankRuntime critical = _runtimes.Values
            .OrderByDescending(r => r.IterationEnd.Ticks)
            .ThenBy(r => r.Coordinates.Pipeline)
            .ThenBy(r => r.Rank)
            .First();
        Duration iteration = new((end - start).Ticks / measured);
        Duration[] parts = [.. window[critical.Rank].Select(d => new Duration(d.Ticks / measured))];
        parts[(int)TimeCategory.PipelineBubble] += iteration - parts.Aggregate(Duration.Zero, (a, b) => a + b);
        var peak = new Bytes[_input.Grid.Pipeline];
        foreach (RankRuntime r in _runtimes.Values)
        {
            peak[r.Coordinates.Pipeline] = Bytes.Max(peak[r.Coordinates.Pipeline], r.Memory.Peak);
        }

        TimeCategory[] busyParts = [TimeCategory.Forward, TimeCategory.Backward, TimeCategory.Recompute, TimeCategory.Optimizer];
        double busy = window.Values.Average(w => busyParts.Sum(c => w[(int)c].Seconds)) / Math.Max((end - start).Seconds, 1e-30);
        return new ReplayOutput
        {
            IterationTime = iteration,
            Breakdown = new Breakdown([.. parts]),
            CriticalStage = critical.Coordinates.Pipeline,
            PeakMemoryByStage = [.. peak],
            ComputeUtilization = busy,
            SimulatedRanks = _runtimes.Count,
            Events = Simulation.ProcessedEvents,
            Spans = [.. _spans.OrderBy(s => s.Rank).ThenBy(s => s.Stream).ThenBy(s => s.Start.Ticks)],
            CriticalPath = _input.RecordCriticalPath ? CriticalPath.Build(_runtimes, critical, critical.IterationStart.Ticks) : [],
        };
    }

    internal void Record(TraceSpan span) => _spans.Add(span);

    internal Rendezvous<CollectiveKey>.Meeting ArriveCollective(RankRuntime rank, ScheduleOp op, int index, int sequence)
    {
        GroupPlan plan = PlanFor(op.Group, rank);
        var key = new CollectiveKey(op.Group, plan.GroupId, sequence);
        Rendezvous<CollectiveKey>.Meeting meeting = _collectives.Arrive(key, plan.SimulatedMembers, out bool complete);
        if (complete)
        {
            meeting.LastRank = rank.Rank;
            meeting.LastOp = index;
            meeting.OnCores = Cpu is { RunsLoopbackCollectives: true } && plan.OneHost;
            meeting.FinishWith(meeting.OnCores
                ? Cpu!.Collective(op.Collective, plan.GroupSize, op.Bytes, plan.SimulatedMemberRanks)
                : _network.Collective(op.Collective, plan.Groups, op.Bytes));
        }

        return meeting;
    }

    internal Mailbox<TransferKey>.Letter ArrivePointToPoint(RankRuntime rank, ScheduleOp op, int index)
    {
        RankGrid grid = _input.Grid;
        int peer = grid.RankOf(rank.Coordinates with { Pipeline = op.PeerStage });
        if (op.Kind == OpKind.Receive)
        {
            return _transfers.Receive(new TransferKey(peer, rank.Rank, op.MatchKey));
        }

        Event transfer = _network.PointToPoint(MirrorPairs(rank.Coordinates, op.PeerStage), op.Bytes);
        Mailbox<TransferKey>.Letter letter = _transfers.Send(new TransferKey(rank.Rank, peer, op.MatchKey), transfer);
        letter.SenderRank = rank.Rank;
        letter.SenderOp = index;
        return letter;
    }

    private IReadOnlyList<(DeviceId, DeviceId)> MirrorPairs(RankCoordinates source, int toStage)
    {
        RankGrid grid = _input.Grid;
        if (_input.Mode == ReplayMode.Full)
        {
            return [(Device(grid.RankOf(source)), Device(grid.RankOf(source with { Pipeline = toStage })))];
        }

        if (_mirrorPairs.TryGetValue((source.Pipeline, toStage), out List<(DeviceId, DeviceId)>? cached))
        {
            return cached;
        }

        var pairs = new List<(DeviceId, DeviceId)>();
        _mirrorPairs[(source.Pipeline, toStage)] = pairs;

        foreach (int rank in grid.DataGroup(source with { Tensor = 0 }))
        {
            for (int t = 0; t < grid.Tensor; t++)
            {
                RankCoordinates a = grid.CoordinatesOf(rank) with { Tensor = t };
                pairs.Add((Device(grid.RankOf(a)), Device(grid.RankOf(a with { Pipeline = toStage }))));
            }
        }

        return pairs;
    }

    private DeviceId Device(int rank) => _input.DeviceOfRank[rank];

    /// <summary>The plan of <paramref name="rank"/>'s group of <paramref name="role"/>, looked up by rank after the first time.</summary>
    private GroupPlan PlanFor(GroupRole role, RankRuntime rank)
    {
        if (!_planOfRank.TryGetValue((role, rank.Rank), out GroupPlan? plan))
        {
            plan = PlanFor(role, rank.Coordinates);
            _planOfRank[(role, rank.Rank)] = plan;
        }

        return plan;
    }

    private GroupPlan PlanFor(GroupRole role, RankCoordinates c)
    {
        RankGrid grid = _input.Grid;
        int[] members = Members(role, c);
        int groupId = members.Min();
        if (_groupPlans.TryGetValue((role, groupId), out GroupPlan? cached))
        {
            return cached;
        }

        int[] simulatedRanks = [.. members.Where(_runtimes.ContainsKey)];
        bool oneHost = _input.SharedCpu is { } cpu && members.All(m => cpu.HostOfRank[m] == cpu.HostOfRank[members[0]]);
        var groups = new List<IReadOnlyList<DeviceId>>();
        if (_input.Mode == ReplayMode.Full)
        {
            groups.Add(members.Select(Device).ToArray());
        }
        else
        {
            // Every group of the same role whose members are mirrors of these members' representatives.
            var seen = new HashSet<int>();
            for (int r = 0; r < grid.Size; r++)
            {
                RankCoordinates m = grid.CoordinatesOf(r);
                if (!IsMirrorOf(role, m, c))
                {
                    continue;
                }

                int[] g = Members(role, m);
                if (seen.Add(g.Min()))
                {
                    groups.Add(g.Select(Device).ToArray());
                }
            }
        }

        var plan = new GroupPlan(groupId, simulatedRanks.Length, groups)
        {
            SimulatedMemberRanks = simulatedRanks,
            GroupSize = members.Length,
            OneHost = oneHost,
        };
        _groupPlans[(role, groupId)] = plan;
        return plan;
    }

    /// <summary>Whether rank <paramref name="m"/>'s group of <paramref name="role"/> copies that of representative <paramref name="c"/>.</summary>
    private bool IsMirrorOf(GroupRole role, RankCoordinates m, RankCoordinates c) => role switch
    {
        GroupRole.Tensor or GroupRole.Data or GroupRole.Context => m.Pipeline == c.Pipeline,
        GroupRole.Embedding => m.Pipeline == 0 || m.Pipeline == _input.Grid.Pipeline - 1,
        _ => false,
    };

    private int[] Members(GroupRole role, RankCoordinates c) => role switch
    {
        GroupRole.Tensor => _input.Grid.TensorGroup(c),
        GroupRole.Data => _input.Grid.DataGroup(c),
        GroupRole.Context => _input.Grid.ContextGroup(c),
        GroupRole.Embedding => _input.Grid.EmbeddingGroup(c),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    private sealed record GroupPlan(int GroupId, int SimulatedMembers, IReadOnlyList<IReadOnlyList<DeviceId>> Groups)
    {
        /// <summary>The simulated members' global ranks.</summary>
        public int[] SimulatedMemberRanks { get; init; } = [];

        /// <summary>Ranks in one group.</summary>
        public int GroupSize { get; init; }

        /// <summary>Every member of the group runs on one host (its collectives can go over loopback).</summary>
        public bool OneHost { get; init; }
    }
}

internal readonly record struct CollectiveKey(GroupRole Role, int GroupId, int Sequence);

internal readonly record struct TransferKey(int From, int To, int MatchKey);
