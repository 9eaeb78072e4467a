using System.Runtime.CompilerServices;

using DeepScale.Core.Units;

namespace DeepScale.Des.Events;

/// <summary>
/// A simulated activity written as an iterator method that yields the events it waits for:
/// <code>IEnumerable&lt;Event&gt; Work() { yield return sim.Timeout(d); ... }</code>
/// A process is itself an event: it succeeds with its result (see <see cref="ProcessReturn"/>) when the body ends,
/// and fails when the body throws or leaves a fault unhandled, so other processes can wait for it.
/// </summary>
/// <remarks>
/// C# cannot throw into a suspended iterator, so a fault reaches the body this way (as in SimSharp): when a waited
/// event failed or the process was interrupted, the body resumes and must call <see cref="HandleFault"/> before its
/// next yield; if it does not, the process fails with that fault, as an uncaught exception would end a SimPy
/// generator. Ending a process disposes its iterator, so <c>using</c> blocks around requests release them.
/// </remarks>
public class Process : Event<object?>, IEventListener
{
    private readonly IEnumerator<Event> _body;
    private readonly string? _name;
    private Event? _target;
    private Exception? _fault;
    private bool _started;
    private bool _finished;

    internal Process(Simulation simulation, IEnumerable<Event> body, string? name)
        : base(simulation)
    {
        ArgumentNullException.ThrowIfNull(body);
        _body = body.GetEnumerator();
        _name = name;
        simulation.Schedule(this, 0, EventPriority.Urgent);
    }

    /// <summary>True until the body has ended (normally or by a failure).</summary>
    public bool IsAlive => !_finished;

    /// <summary>The event the process waits for, if any.</summary>
    public Event? Target => _target;

    /// <summary>
    /// Takes the pending fault (a failed event's exception or an <see cref="InterruptException"/>) so the body can
    /// go on; returns null when there is none.
    /// </summary>
    public Exception? HandleFault()
    {
        Exception? fault = _fault;
        _fault = null;
        return fault;
    }

    /// <summary>Takes a pending interrupt and gives its cause; other faults stay pending.</summary>
    public bool TryHandleInterrupt(out object? cause)
    {
        if (_fault is InterruptException interrupt)
        {
            _fault = null;
            cause = interrupt.Cause;
            return true;
        }

        cause = null;
        return false;
    }

    /// <summary>
    /// Interrupts the process: it stops waiting for its target and resumes now (before normal events) with an
    /// <see cref="InterruptException"/> as its pending fault.
    /// </summary>
    public void Interrupt(object? cause = null)
    {
        if (_finished)
        {
            throw new InvalidOperationException($"{Describe()} has terminated and cannot be interrupted.");
        }

        if (ReferenceEquals(_sim.ActiveProcess, this))
        {
            throw new InvalidOperationException($"{Describe()} cannot interrupt itself.");
        }

        _ = new Interruption(_sim, this, cause);
    }

    public override string Describe() => _name is null ? "Process" : $"Process({_name})";

    internal override void OnDequeued()
    {
        if (!_started)
        {
            _started = true;
            Resume(null);
        }
        else
        {
            ProcessCallbacks();
        }
    }

    void IEventListener.OnEventProcessed(Event processed)
    {
        _target = null;
        Resume(processed);
    }

    private void OnInterrupted(object? cause)
    {
        if (_finished)
        {
            return;
        }

        if (_target is not null)
        {
            _target.RemoveListener(this);
            _target = null;
        }

        _started = true;
        _fault = new InterruptException(cause);
        Resume(null);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Resume(Event? trigger)
    {
        Simulation sim = _sim;
        Process? previous = sim.ActiveProcess;
        sim.ActiveProcess = this;
        Event? current = trigger;
        while (true)
        {
            if (current is not null && current.IsFailed)
            {
                _fault = current.Exception;
                current.Defused = true;
            }

            bool moved;
            try
            {
                moved = _body.MoveNext();
            }
            catch (Exception ex)
            {
                End(null, ex);
                break;
            }

            if (_fault is not null)
            {
                Exception unhandled = _fault;
                _fault = null;
                End(null, unhandled);
                break;
            }

            if (!moved)
            {
                End(null);
                break;
            }

            Event next = _body.Current;
            if (next is null || !ReferenceEquals(next.Simulation, sim))
            {
                End(null, new InvalidOperationException(next is null
                    ? $"{Describe()} yielded null; yield an event of its simulation."
                    : $"{Describe()} yielded {next.Describe()}, which belongs to another simulation."));
                break;
            }

            if (next is ProcessReturn ret)
            {
                End(ret.Value);
                break;
            }

            if (next.State == EventState.Processed)
            {
                current = next;
                continue;
            }

            _target = next;
            next.AddListener(this);
            break;
        }

        sim.ActiveProcess = previous;
    }

    private void End(object? result, Exception? failure = null)
    {
        _finished = true;
        try
        {
            _body.Dispose();
        }
        catch (Exception ex) when (failure is null)
        {
            failure = ex;
        }

        if (failure is null && !AcceptsResult(result))
        {
            failure = new InvalidCastException($"{Describe()} returned {result ?? "null"}, which is not of its result type.");
        }

        if (failure is not null)
        {
            Fail(failure);
        }
        else
        {
            Succeed(result);
        }
    }

    /// <summary>Whether a returned value fits the result type (any value for an untyped process).</summary>
    private protected virtual bool AcceptsResult(object? result) => true;

    /// <summary>Schedules the interrupt of a process as an urgent event of its own.</summary>
    private sealed class Interruption : Event
    {
        private readonly Process _process;
        private readonly object? _cause;

        public Interruption(Simulation simulation, Process process, object? cause)
            : base(simulation)
        {
            _process = process;
            _cause = cause;
            MarkTriggered();
            simulation.Schedule(this, 0, EventPriority.Urgent);
        }

        internal override void OnDequeued()
        {
            ProcessCallbacks();
            _process.OnInterrupted(_cause);
        }
    }
}
