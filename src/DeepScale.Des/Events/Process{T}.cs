namespace DeepScale.Des.Events;

/// <summary>A process whose result has the type <typeparamref name="T"/>.</summary>
public sealed class Process<T> : Process
{
    internal Process(Simulation simulation, IEnumerable<Event> body, string? name)
        : base(simulation, body, name)
    {
    }

    /// <summary>The typed result; throws while running or when the process failed.</summary>
    public new T Value => (T)base.Value!;

    private protected override bool AcceptsResult(object? result) => result is T || (result is null && default(T) is null);
}
