using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Parallelism.Analytical;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;

namespace DeepScale.Replay;

/// <summary>
/// One simulated rank: a process per stream walks the stage program, waits for dependencies, runs compute as
/// timeouts (or as work on its host's shared cores) and hands communication to the replay's rendezvous points. It accounts its compute stream's time into
/// the breakdown categories as it goes, so no span needs to be kept unless a trace is asked for.
/// </summary>
internal sealed class RankRuntime
{
    private readonly ReplayEngine _engine;
    private readonly Simulation _sim;
    private readonly StageProgram _program;
    private readonly bool[] _crossTargets;
    private readonly bool[] _done;
    private readonly long[] _endTicks;
    private readonly Event<bool>?[] _signals;
    private readonly Duration[] _parts = new Duration[Enum.GetValues<TimeCategory>().Length];
    private readonly int[] _sequence = new int[Enum.GetValues<GroupRole>().Length];
    private readonly int[] _current = [.. Enumerable.Repeat(-1, Enum.GetValues<StreamKind>().Length)];
    private readonly OpLinks? _links;
    private readonly bool _slows;

    /// <summary>This rank's device speed relative to the schedule's durations (<see cref="ReplayInput.RankSpeed"/>).</summary>
    private readonly double _speed;
    private int _activeData;
    private int _tensorChannels;

    // Full-speed work the compute stream could have done: the total up to _progressSince, and since then at
    // 1/(1 + _slowdown) while collectives beside it hold SMs. A compute op waiting on a slowed stream also wakes
    // on _speedUp, when the last collective of a kind ends.
    private double _progress;
    private long _progressSince;
    private double _slowdown;
    private Event<bool>? _speedUp;
    private long _computeBusyTicks;
    private long _lastComputeEnd;

    // On shared cores: what the rank last blocked in, where the wait for a core that follows is counted (the real
    // process is still inside that call until the scheduler runs it again).
    private TimeCategory? _blockedIn;
    private int _streamsAwake;

    public RankRuntime(ReplayEngine engine, int rank, RankCoordinates coordinates, StageProgram program, StageStreams streams, MemoryLedger memory,
        bool trace, bool links = false)
    {
        _engine = engine;
        _sim = engine.Simulation;
        Rank = rank;
        Coordinates = coordinates;
        _program = program;
        Streams = streams;
        Memory = memory;
        Trace = trace;
        _crossTargets = streams.CrossTargets;
        _done = new bool[program.Ops.Count];
        _endTicks = new long[program.Ops.Count];
        _signals = new Event<bool>?[program.Ops.Count];
        _links = links ? new OpLinks(program.Ops.Count) : null;
        _slows = engine.Multiprocessors > 0 && (engine.DataChannels > 0 || engine.TensorChannels > 0
            || program.Ops.Any(o => o.Stream == StreamKind.TensorComm && o.Channels > 0));
        _speed = engine.RankSpeed is { } speeds ? speeds[rank] : 1;
    }

    public int Rank { get; }

    public RankCoordinates Coordinates { get; }

    public StageStreams Streams { get; }

    public MemoryLedger Memory { get; }

    /// <summary>The rank's input pipeline, when it loads data.</summary>
    public DataLoaderRuntime? Loader { get; set; }

    public bool Trace { get; }

    /// <summary>When the iteration began on this rank.</summary>
    public SimTime IterationStart { get; private set; }

    /// <summary>When every stream of the rank finished the iteration.</summary>
    public SimTime IterationEnd { get; private set; }

    public Duration ComputeBusy => new(_computeBusyTicks);

    public Duration[] Parts => _parts;

    /// <summary>What released each op of the last iteration and which peer it waited for; null unless recorded.</summary>
    public OpLinks? Links => _links;

    /// <summary>The stage program the rank runs.</summary>
    public StageProgram Program => _program;

    /// <summary>When op <paramref name="index"/> ended in the last iteration.</summary>
    public long EndTicks(int index) => _endTicks[index];

    /// <summary>Runs one iteration: one process per stream; the returned event happens when all are done.</summary>
    public Event RunIteration()
    {
        Array.Clear(_done);
        Array.Clear(_signals);
        Array.Clear(_parts);
        Array.Clear(_sequence);
        Array.Fill(_current, -1);
        _computeBusyTicks = 0;
        _streamsAwake = Streams.ByStream.Count;
        IterationStart = _sim.Now;
        _lastComputeEnd = _sim.Now.Ticks;
        var processes = new List<Event>(Streams.ByStream.Count);
        foreach ((StreamKind stream, int[] ops) in Streams.ByStream)
        {
            processes.Add(_sim.Process(RunStream(stream, ops)));
        }

        AllOf all = _sim.AllOf(processes);
        all.AddCallback(_ => IterationEnd = _sim.Now);
        return all;
    }

    private IEnumerable<Event> RunStream(StreamKind stream, int[] order)
    {
        bool isCompute = stream == StreamKind.Compute;
        ScheduleOp[] ops = Streams.Ops;
        int previous = -1;
        foreach (int index in order)
        {
            ScheduleOp op = ops[index];
            _current[(int)stream] = index;
            TimeCategory? releasedBy = null;
            long releasedAt = 0;
            ImmutableArray<int> deps = op.Dependencies;
            for (int k = 0; k < deps.Length; k++)
            {
                int dep = deps[k];
                if (!_done[dep])
                {
                    Block(CategoryOfWaitFor(ops[dep]), isCompute);
                    yield return _signals[dep] ??= _sim.Event<bool>();
                    Wake();
                }

                if (_endTicks[dep] >= releasedAt && ops[dep].Stream != stream)
                {
                    releasedAt = _endTicks[dep];
                    releasedBy = CategoryOfWaitFor(ops[dep]);
                }
            }

            long start = _sim.Now.Ticks;
            _links?.Released(index, start, previous, deps, _endTicks, IterationStart.Ticks);
            if (isCompute)
            {
                long gap = start - _lastComputeEnd;
                if (gap > 0)
                {
                    Add(releasedBy ?? TimeCategory.PipelineBubble, gap);
                }
            }

            Memory.Allocate(op.Allocates);
            switch (op.Kind)
            {
                case OpKind.Compute:
                    if (_engine.Cpu is { } cpu)
                    {
                        yield return cpu.Work(Rank, op.Duration);
                        if (isCompute)
                        {
                            long queued = cpu.TakeQueued(Rank).Ticks;
                            Add(_blockedIn ?? op.Category, queued);
                            start += queued;
                        }
                    }
                    else if (isCompute && _slows)
                    {
                        // Run until the work is done at whatever speed the collectives beside it leave: at the
                        // present speed the work ends on time, or a collective starting meanwhile leaves some for
                        // the next round, or one ending wakes it to go on faster.
                        double left = op.Duration.Ticks / _speed;
                        while (left >= 0.5)
                        {
                            double p0 = Progress(_sim.Now.Ticks);
                            var full = new Duration((long)Math.Ceiling(left * (1 + _slowdown)));
                            yield return _slowdown > 0 ? _sim.AnyOf(_sim.Timeout(full), _speedUp ??= _sim.Event<bool>()) : _sim.Timeout(full);
                            left -= Progress(_sim.Now.Ticks) - p0;
                        }
                    }
                    else
                    {
                        yield return _sim.Timeout(_speed == 1 ? op.Duration : new Duration((long)Math.Ceiling(op.Duration.Ticks / _speed)));
                    }
                    if (isCompute)
                    {
                        Add(op.Category, _sim.Now.Ticks - start);
                        _computeBusyTicks += _sim.Now.Ticks - start;
                    }

                    break;

                case OpKind.Collective:
                    if (_slows && stream is StreamKind.DataComm or StreamKind.ParamComm or StreamKind.TensorComm)
                    {
                        Beside(stream, op, +1);
                    }

                    int sequence = NextSequence(op.Group);
                    Rendezvous<CollectiveKey>.Meeting meeting = _engine.ArriveCollective(this, op, index, sequence);
                    // Waiting for the others, or for a network collective; the last to arrive at a collective on the
                    // cores goes straight into its first step.
                    bool blocks = !meeting.Done.IsTriggered && !(meeting.OnCores && meeting.LastRank == Rank);
                    if (blocks)
                    {
                        Block(op.Category, isCompute);
                    }

                    yield return meeting.Done;
                    if (blocks)
                    {
                        Wake();
                    }

                    _links?.Waited(index, meeting.LastRank, meeting.LastOp, meeting.LastArrival.Ticks);
                    if (_slows && stream is StreamKind.DataComm or StreamKind.ParamComm or StreamKind.TensorComm)
                    {
                        Beside(stream, op, -1);
                    }

                    if (isCompute)
                    {
                        AccountWait(start, meeting.LastArrival.Ticks, op.Category);
                    }

                    break;

                case OpKind.Send:
                case OpKind.Receive:
                    Mailbox<TransferKey>.Letter letter = _engine.ArrivePointToPoint(this, op, index);
                    bool waits = !letter.Arrived.IsTriggered;
                    if (waits)
                    {
                        Block(op.Category, isCompute);
                    }

                    yield return letter.Arrived;
                    if (waits)
                    {
                        Wake();
                    }

                    if (op.Kind == OpKind.Receive)
                    {
                        _links?.Waited(index, letter.SenderRank, letter.SenderOp, letter.SenderPosted!.Value.Ticks);
                    }

                    if (isCompute)
                    {
                        AccountWait(start, letter.SenderPosted!.Value.Ticks, op.Category);
                    }

                    break;

                case OpKind.TakeBatch:
                    if (Loader is not null)
                    {
                        foreach (Event e in Loader.Take())
                        {
                            bool stalls = !e.IsTriggered;
                            if (stalls)
                            {
                                Block(TimeCategory.DataStall, isCompute);
                            }

                            yield return e;
                            if (stalls)
                            {
                                Wake();
                            }
                        }

                        if (isCompute)
                        {
                            Add(TimeCategory.DataStall, _sim.Now.Ticks - start);
                        }
                    }

                    break;

                default:
                    throw new NotSupportedException($"{op.Kind} operations are not replayed.");
            }

            Memory.Free(op.Frees);
            _endTicks[index] = _sim.Now.Ticks;
            _done[index] = true;
            if (_crossTargets[index])
            {
                _signals[index]?.Succeed(true);
            }

            if (isCompute)
            {
                _lastComputeEnd = _sim.Now.Ticks;
            }

            previous = index;

            if (Trace)
            {
                _engine.Record(new TraceSpan(Rank, stream, op.DisplayName, op.Category, new SimTime(start), _sim.Now));
            }
        }

        // The stream is done with the iteration; when it was the rank's last, its core goes to a rank still at work
        // (the wait that follows is the replay's iteration boundary, not a call the process blocks in).
        if (_engine.Cpu is { } shared && --_streamsAwake == 0)
        {
            shared.Block(Rank);
        }
    }

    /// <summary>
    /// On shared cores, a stream of the rank waits for something other than the rank's own work, in
    /// <paramref name="category"/>: when every stream waits, the process blocks and gives up its core. What the compute
    /// stream waits in is where the wait for a core afterwards is counted.
    /// </summary>
    private void Block(TimeCategory category, bool computeStream)
    {
        if (_engine.Cpu is { } cpu)
        {
            if (computeStream)
            {
                _blockedIn = category;
            }

            if (--_streamsAwake == 0)
            {
                cpu.Block(Rank);
            }
        }
    }

    /// <summary>The stream that waited in <see cref="Block"/> goes on.</summary>
    private void Wake()
    {
        if (_engine.Cpu is not null)
        {
            _streamsAwake++;
        }
    }

    /// <summary>Full-speed work the compute stream could have done by <paramref name="now"/>.</summary>
    private double Progress(long now) => _progress + ((now - _progressSince) / (1 + _slowdown));

    /// <summary>A collective beside compute starts (+1) or ends (−1) on <paramref name="stream"/>: the compute speed changes.</summary>
    private void Beside(StreamKind stream, ScheduleOp op, int change)
    {
        long now = _sim.Now.Ticks;
        _progress = Progress(now);
        _progressSince = now;
        if (stream == StreamKind.TensorComm)
        {
            _tensorChannels += change * (op.Channels > 0 ? op.Channels : _engine.TensorChannels);
        }
        else
        {
            _activeData += change;
        }

        double slowdown = KernelInterference.Slowdown(_engine.Multiprocessors, (_activeData > 0 ? _engine.DataChannels : 0) + _tensorChannels);
        if (slowdown < _slowdown)
        {
            _speedUp?.Succeed(true);
            _speedUp = null;
        }

        _slowdown = slowdown;
    }

    /// <summary>
    /// A blocking communication on the compute stream: the time until the last party arrived was spent waiting
    /// for a peer (pipeline bubble for point-to-point, the op's own category for collectives, whose peers are in
    /// lock-step), the rest moving data.
    /// </summary>
    private void AccountWait(long start, long lastArrival, TimeCategory transferCategory)
    {
        long end = _sim.Now.Ticks;
        long waited = Math.Clamp(lastArrival - start, 0, end - start);
        Add(transferCategory == TimeCategory.ExposedPpComm ? TimeCategory.PipelineBubble : transferCategory, waited);
        Add(transferCategory, end - start - waited);
    }

    private static TimeCategory CategoryOfWaitFor(ScheduleOp dep) => dep.Kind switch
    {
        OpKind.Collective or OpKind.Send or OpKind.Receive => dep.Category,
        OpKind.LoadBatch or OpKind.TakeBatch => TimeCategory.DataStall,
        // Work on a communication stream (the copies of list-form collectives) counts as that communication.
        OpKind.Compute when dep.Stream != StreamKind.Compute => dep.Category,
        _ => TimeCategory.PipelineBubble,
    };

    private void Add(TimeCategory category, long ticks)
    {
        if (ticks > 0)
        {
            _parts[(int)category] += new Duration(ticks);
        }
    }

    private int NextSequence(GroupRole role) => _sequence[(int)role]++;

    /// <summary>What each unfinished stream is on: for a clear message when a schedule cannot complete.</summary>
    public IEnumerable<string> Blocked() =>
        Enumerable.Range(0, _current.Length).Where(s => _current[s] >= 0 && !_done[_current[s]])
            .Select(s => $"rank {Rank} ({Coordinates}) {(StreamKind)s}: #{_current[s]} {_program.Ops[_current[s]].Kind} {_program.Ops[_current[s]].DisplayName}");

    /// <summary>Time from the end of the compute stream's work to the end of the rank's iteration.</summary>
    public long ComputeTailTicks => IterationEnd.Ticks - _lastComputeEnd;
}
