namespace DeepScale.Des.Events;

/// <summary>Happens when the first of its events has happened (empty: at once).</summary>
public sealed class AnyOf(Simulation simulation, IEnumerable<Event> events) : Condition(simulation, events, all: false)
{
    public override string Describe() => $"AnyOf({Events.Count})";
}
