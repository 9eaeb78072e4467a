using System.Runtime.CompilerServices;

using DeepScale.Core.Units;

namespace DeepScale.Des.Events;

/// <summary>
/// Anything a process can wait for. An event is <see cref="EventState.Pending"/> (it may happen) until it is
/// triggered by succeeding or failing, which fixes its outcome and puts it in the event queue
/// (<see cref="EventState.Triggered"/>: it is going to happen); when the queue reaches it, the kernel runs its
/// callbacks in the order they were added and it is <see cref="EventState.Processed"/> (it has happened).
/// </summary>
/// <remarks>
/// A failed event that nobody waits for and nobody defused stops the run with an
/// <see cref="UnhandledEventFailureException"/>: failures are never dropped silently (as in SimPy).
/// </remarks>
public abstract class Event
{
    private protected readonly Simulation _sim;

    /// <summary>Null, one <see cref="IEventListener"/>, or a List of them: one field keeps small events small.</summary>
    private object? _listeners;

    private EventState _state;
    private bool _failed;
    private bool _defused;

    private protected Event(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _sim = simulation;
    }

    /// <summary>The simulation this event belongs to.</summary>
    public Simulation Simulation => _sim;

    public EventState State => _state;

    /// <summary>True once triggered (in the queue or processed).</summary>
    public bool IsTriggered => _state != EventState.Pending;

    public bool IsProcessed => _state == EventState.Processed;

    /// <summary>True when triggered and succeeded; false while pending or when failed.</summary>
    public bool IsOk => _state != EventState.Pending && !_failed;

    /// <summary>True when triggered by a failure.</summary>
    public bool IsFailed => _failed;

    /// <summary>The failure, when the event failed (kept by the simulation: failures are rare, events many).</summary>
    public Exception? Exception => _failed ? _sim.FailureOf(this) : null;

    /// <summary>
    /// Marks a failure as handled, so processing it does not stop the run. A process that waits on the event and
    /// handles the fault defuses it implicitly.
    /// </summary>
    public bool Defused
    {
        get => _defused;
        set => _defused = value;
    }

    /// <summary>Adds a callback run when the event is processed; on a processed event it runs at once.</summary>
    public void AddCallback(Action<Event> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        AddListener(new CallbackListener(callback));
    }

    /// <summary>
    /// Adds a callback that receives <paramref name="state"/> as well (a static lambda and its state cost one small
    /// object, where a capturing lambda costs a closure and a delegate).
    /// </summary>
    public void AddCallback<TState>(Action<Event, TState> callback, TState state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        AddListener(new StateCallbackListener<TState>(callback, state));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddListener(IEventListener listener)
    {
        if (_state == EventState.Processed)
        {
            listener.OnEventProcessed(this);
            return;
        }

        if (_listeners is null)
        {
            _listeners = listener;
        }
        else
        {
            AddSecondListener(listener);
        }
    }

    private void AddSecondListener(IEventListener listener)
    {
        if (_listeners!.GetType() == typeof(List<IEventListener>))
        {
            Unsafe.As<List<IEventListener>>(_listeners).Add(listener);
        }
        else
        {
            _listeners = new List<IEventListener>(4) { (IEventListener)_listeners!, listener };
        }
    }

    /// <summary>Removes a listener that was waiting (an interrupted process stops waiting).</summary>
    internal void RemoveListener(IEventListener listener)
    {
        if (ReferenceEquals(_listeners, listener))
        {
            _listeners = null;
        }
        else if (_listeners is List<IEventListener> list)
        {
            list.Remove(listener);
        }
    }

    internal bool HasListeners => _listeners is not null
        && (_listeners is not List<IEventListener> list || list.Count > 0);

    /// <summary>Fixes a successful outcome and schedules processing after <paramref name="delay"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void TriggerOk(Duration delay, EventPriority priority)
    {
        if (_state != EventState.Pending)
        {
            ThrowAlreadyTriggered();
        }

        _state = EventState.Triggered;
        _sim.Schedule(this, delay.Ticks, priority);
    }

    /// <summary>Fixes a failure and schedules processing now.</summary>
    private protected void TriggerFailure(Exception exception, EventPriority priority = EventPriority.Normal)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (_state != EventState.Pending)
        {
            ThrowAlreadyTriggered();
        }

        _sim.RecordFailure(this, exception);
        _failed = true;
        _state = EventState.Triggered;
        _sim.Schedule(this, 0, priority);
    }

    /// <summary>Marks the event triggered without scheduling it (a caller that schedules it itself).</summary>
    private protected void MarkTriggered() => _state = EventState.Triggered;

    private protected void ThrowAlreadyTriggered() =>
        throw new InvalidOperationException($"{Describe()} has already been triggered; an event succeeds or fails once.");

    /// <summary>Called by the kernel when the queue reaches this event.</summary>
    internal virtual void OnDequeued() => ProcessCallbacks();

    /// <summary>Runs the callbacks; raises an unhandled failure when nobody took it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void ProcessCallbacks()
    {
        _state = EventState.Processed;
        object? listeners = _listeners;
        _listeners = null;
        if (listeners is null)
        {
            if (_failed && !_defused)
            {
                throw new UnhandledEventFailureException(this, Exception!);
            }
        }
        else if (listeners.GetType() == typeof(List<IEventListener>))
        {
            var list = Unsafe.As<List<IEventListener>>(listeners);
            for (int i = 0; i < list.Count; i++)
            {
                list[i].OnEventProcessed(this);
            }
        }
        else
        {
            Unsafe.As<IEventListener>(listeners).OnEventProcessed(this);
        }
    }

    /// <summary>A short description for messages, e.g. "Timeout(5 us)".</summary>
    public virtual string Describe() => GetType().Name;

    public override string ToString() => $"{Describe()} [{_state}{(_failed ? ", failed" : "")}]";

    private sealed class CallbackListener(Action<Event> callback) : IEventListener
    {
        public void OnEventProcessed(Event processed) => callback(processed);
    }

    private sealed class StateCallbackListener<TState>(Action<Event, TState> callback, TState state) : IEventListener
    {
        public void OnEventProcessed(Event processed) => callback(processed, state);
    }
}
