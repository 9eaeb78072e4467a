using DeepScale.Core.Units;

namespace DeepScale.Des.Events;

/// <summary>
/// An event with a typed value, triggered by whoever holds it: <see cref="Succeed"/> with a value or
/// <see cref="Fail"/> with an exception. Used for signals between processes and for results of resources.
/// </summary>
public class Event<T> : Event
{
    private T _value = default!;

    public Event(Simulation simulation)
        : base(simulation)
    {
    }

    /// <summary>The value the event succeeded with; throws when it is pending or failed.</summary>
    public T Value
    {
        get
        {
            if (!IsTriggered)
            {
                throw new InvalidOperationException($"{Describe()} has no value yet: it is still pending.");
            }

            if (Exception is not null)
            {
                throw new InvalidOperationException($"{Describe()} failed and has no value.", Exception);
            }

            return _value;
        }
    }

    /// <summary>The value without checks (default while pending).</summary>
    internal T RawValue => _value;

    /// <summary>Succeeds now (processed after the events already due now) with <paramref name="value"/>.</summary>
    public Event<T> Succeed(T value, EventPriority priority = EventPriority.Normal)
    {
        if (IsTriggered)
        {
            ThrowAlreadyTriggered();
        }

        _value = value;
        TriggerOk(Duration.Zero, priority);
        return this;
    }

    /// <summary>Succeeds after <paramref name="delay"/>.</summary>
    public Event<T> SucceedAfter(T value, Duration delay)
    {
        if (delay.Ticks < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A delay cannot be negative.");
        }

        if (IsTriggered)
        {
            ThrowAlreadyTriggered();
        }

        _value = value;
        TriggerOk(delay, EventPriority.Normal);
        return this;
    }

    /// <summary>Fails now with <paramref name="exception"/>; waiters see the failure.</summary>
    public Event<T> Fail(Exception exception)
    {
        TriggerFailure(exception);
        return this;
    }

    private protected void SetValue(T value) => _value = value;
}
