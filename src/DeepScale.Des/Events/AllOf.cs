namespace DeepScale.Des.Events;

/// <summary>Happens when every one of its events has happened (empty: at once).</summary>
public sealed class AllOf(Simulation simulation, IEnumerable<Event> events) : Condition(simulation, events, all: true)
{
    public override string Describe() => $"AllOf({Events.Count})";
}
