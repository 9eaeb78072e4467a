using System.Runtime.CompilerServices;

using DeepScale.Core.Random;
using DeepScale.Core.Units;
using DeepScale.Des.Events;

using Timeout = DeepScale.Des.Events.Timeout;

namespace DeepScale.Des;

/// <summary>
/// The simulation environment: it owns the clock, the event queue and the one seeded random generator, creates
/// events and processes, and runs them. Time is an integer count of 10 ps ticks (see <see cref="Duration"/>), and
/// events are processed in (time, priority, insertion sequence) order, so a seed fixes the whole run.
/// </summary>
/// <remarks>
/// Lifecycle: build resources and start processes, then <see cref="Run()"/> (until no events remain),
/// <see cref="Run(SimTime)"/> (until an instant) or <see cref="Run(Event)"/> (until an event has happened), or drive
/// it with <see cref="Step"/>. A run that stops on an unhandled failure leaves the simulation faulted: its state is
/// kept for inspection, and further runs throw.
/// </remarks>
public sealed class Simulation
{
    private readonly EventQueue _queue = new();
    private long _now;
    private long _processed;
    private Exception? _fault;
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Event, Exception> _failures = [];

    /// <summary>Creates an empty simulation at time zero whose random stream starts from <paramref name="seed"/>.</summary>
    public Simulation(ulong seed = 42)
    {
        Random = new DeterministicRandom(seed);
    }

    /// <summary>The current simulated instant.</summary>
    public SimTime Now => new(_now);

    /// <summary>The simulation's only source of randomness.</summary>
    public DeterministicRandom Random { get; }

    /// <summary>Number of queue entries processed so far (the kernel's native event count).</summary>
    public long ProcessedEvents => _processed;

    /// <summary>Number of queue entries waiting.</summary>
    public int QueuedEvents => _queue.Count;

    /// <summary>The process whose body is running, or null between process steps.</summary>
    public Process? ActiveProcess { get; internal set; }

    /// <summary>The failure that stopped the last run, if any; a faulted simulation cannot run on.</summary>
    public Exception? Fault => _fault;

    /// <summary>The time of the next event, or <see cref="SimTime.MaxValue"/> when none is queued.</summary>
    public SimTime PeekNextTime() => new(_queue.PeekTime());

    /// <summary>An event that succeeds after <paramref name="delay"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Timeout Timeout(Duration delay, EventPriority priority = EventPriority.Normal) => new(this, delay, priority);

    /// <summary>A pending event with a value, to be triggered by its holder.</summary>
    public Event<T> Event<T>() => new(this);

    /// <summary>Starts a process now (it runs before normal events due now).</summary>
    public Process Process(IEnumerable<Event> body, string? name = null) => new(this, body, name);

    /// <summary>Starts a process whose result has type <typeparamref name="T"/>.</summary>
    public Process<T> Process<T>(IEnumerable<Event> body, string? name = null) => new(this, body, name);

    /// <summary>Yield this from a process body to end the process with <paramref name="value"/> as its result.</summary>
    public ProcessReturn Return(object? value) => new(this, value);

    /// <summary>An event that happens when all of <paramref name="events"/> have happened.</summary>
    public AllOf AllOf(params IEnumerable<Event> events) => new(this, events);

    /// <summary>An event that happens when the first of <paramref name="events"/> has happened.</summary>
    public AnyOf AnyOf(params IEnumerable<Event> events) => new(this, events);

    internal void RecordFailure(Event failed, Exception exception) => _failures.AddOrUpdate(failed, exception);

    internal Exception? FailureOf(Event failed) => _failures.TryGetValue(failed, out Exception? e) ? e : null;

    /// <summary>Queues an event <paramref name="delayTicks"/> after now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Schedule(Event item, long delayTicks, EventPriority priority)
    {
        long time = _now + delayTicks;
        if (time < _now)
        {
            throw new ClockRangeException(nameof(delayTicks), delayTicks,
                "The event would fall beyond the end of representable time (about 2.9 years).");
        }

        _queue.Push(time, priority, item, _now);
    }

    /// <summary>Processes the next event; throws <see cref="EmptyScheduleException"/> when there is none.</summary>
    public void Step()
    {
        EnsureRunnable();
        if (_queue.Count == 0)
        {
            throw new EmptyScheduleException($"No events remain at {Now}: there is nothing to step.");
        }

        try
        {
            StepCore();
        }
        catch (Exception ex)
        {
            RecordFault(ex);
            throw;
        }
    }

    /// <summary>Runs until no events remain. A simulation with nothing scheduled cannot run (it has finished).</summary>
    public void Run()
    {
        EnsureRunnable();
        if (_queue.Count == 0)
        {
            throw new EmptyScheduleException(
                $"The simulation has finished at {Now}: no events remain. Start a process or schedule an event first.");
        }

        EventQueue queue = _queue;
        try
        {
            while (queue.Count > 0)
            {
                StepCore();
            }
        }
        catch (Exception ex)
        {
            RecordFault(ex);
            throw;
        }
    }

    /// <summary>
    /// Runs every event due before <paramref name="until"/>, then sets the clock to <paramref name="until"/>. Events
    /// due at or after it stay queued, so a later run continues from there.
    /// </summary>
    public void Run(SimTime until)
    {
        EnsureRunnable();
        if (until.Ticks < _now)
        {
            throw new ArgumentOutOfRangeException(nameof(until), until, $"Cannot run until {until}: the clock is already at {Now}.");
        }

        EventQueue queue = _queue;
        long limit = until.Ticks;
        try
        {
            while (queue.Count > 0 && queue.PeekTime() < limit)
            {
                StepCore();
            }
        }
        catch (Exception ex)
        {
            RecordFault(ex);
            throw;
        }

        _now = limit;
    }

    /// <summary>Runs for <paramref name="span"/> from now.</summary>
    public void RunFor(Duration span) => Run(Now + span);

    /// <summary>
    /// Runs until <paramref name="until"/> has happened and returns; throws its exception if it failed, and a
    /// <see cref="SimulationException"/> if the events ran out first.
    /// </summary>
    public void Run(Event until)
    {
        ArgumentNullException.ThrowIfNull(until);
        EnsureRunnable();
        if (!ReferenceEquals(until.Simulation, this))
        {
            throw new ArgumentException("The event belongs to another simulation.", nameof(until));
        }

        if (!until.IsProcessed)
        {
            var stop = new StopListener();
            until.AddListener(stop);
            EventQueue queue = _queue;
            try
            {
                while (!stop.Happened && queue.Count > 0)
                {
                    StepCore();
                }
            }
            catch (Exception ex)
            {
                RecordFault(ex);
                throw;
            }

            if (!stop.Happened)
            {
                throw new SimulationException($"No events remain at {Now}, and {until.Describe()} has not happened.");
            }
        }

        if (until.Exception is not null)
        {
            until.Defused = true;
            throw new SimulationException($"{until.Describe()} failed: {until.Exception.Message}", until.Exception);
        }
    }

    /// <summary>Runs until <paramref name="until"/> has happened and returns its value.</summary>
    public T Run<T>(Event<T> until)
    {
        Run((Event)until);
        return until.Value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StepCore()
    {
        EventQueue.Entry entry = _queue.Pop();
        _now = entry.Time;
        _processed++;
        entry.Item.OnDequeued();
    }

    private void RecordFault(Exception ex) => _fault = ex;

    private void EnsureRunnable()
    {
        if (_fault is not null)
        {
            throw new SimulationException(
                $"The simulation stopped at {Now} after a failure and cannot run on: {_fault.Message}", _fault);
        }
    }

    private sealed class StopListener : IEventListener
    {
        public bool Happened { get; private set; }

        public void OnEventProcessed(Event processed) => Happened = true;
    }
}
