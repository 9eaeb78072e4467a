namespace DeepScale.Des.Events;

/// <summary>
/// An event over a set of events: <see cref="AllOf"/> happens when all of them have happened, <see cref="AnyOf"/>
/// when the first one has. Its value lists the member events that had happened by then, in the given order. When a
/// member fails before the condition is met, the condition fails with that exception (the member is defused).
/// </summary>
public abstract class Condition : Event<IReadOnlyList<Event>>, IEventListener
{
    private readonly Event[] _events;
    private readonly bool _all;
    private int _remaining;

    private protected Condition(Simulation simulation, IEnumerable<Event> events, bool all)
        : base(simulation)
    {
        ArgumentNullException.ThrowIfNull(events);
        _events = [.. events];
        foreach (Event e in _events)
        {
            if (e is null || !ReferenceEquals(e.Simulation, simulation))
            {
                throw new ArgumentException("Every event of a condition must be non-null and belong to its simulation.", nameof(events));
            }
        }

        _all = all;
        _remaining = all ? _events.Length : Math.Min(1, _events.Length);
        if (_remaining == 0)
        {
            Succeed([]);
            return;
        }

        foreach (Event e in _events)
        {
            e.AddListener(this);
            if (IsTriggered)
            {
                break;
            }
        }
    }

    /// <summary>The events this condition waits for.</summary>
    public IReadOnlyList<Event> Events => _events;

    void IEventListener.OnEventProcessed(Event processed)
    {
        if (IsTriggered)
        {
            return;
        }

        if (processed.IsFailed)
        {
            processed.Defused = true;
            Fail(processed.Exception!);
            return;
        }

        if (--_remaining == 0)
        {
            // Every member of a met AllOf has happened and succeeded (a failure would have failed it).
            Succeed(_all ? _events : _events.Where(e => e.IsProcessed && e.IsOk).ToArray());
        }
    }
}
