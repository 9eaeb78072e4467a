namespace DeepScale.Des.Events;

/// <summary>
/// Yielded by a process body to end the process with a result: <c>yield return sim.Return(42);</c> plays the part
/// of SimPy's <c>return 42</c> inside a generator. It is never scheduled.
/// </summary>
public sealed class ProcessReturn : Event
{
    internal ProcessReturn(Simulation simulation, object? value)
        : base(simulation)
    {
        Value = value;
    }

    public object? Value { get; }

    internal override void OnDequeued() =>
        throw new InvalidOperationException("A ProcessReturn is yielded by a process body, never scheduled.");
}
