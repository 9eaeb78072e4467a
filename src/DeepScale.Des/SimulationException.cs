namespace DeepScale.Des;

/// <summary>Base of the kernel's own errors: the run cannot go on as asked.</summary>
public class SimulationException : Exception
{
    public SimulationException(string message)
        : base(message)
    {
    }

    public SimulationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary><see cref="Simulation.Step"/> or <see cref="Simulation.Run()"/> found no event to process.</summary>
public sealed class EmptyScheduleException(string message) : SimulationException(message);

/// <summary>A failed event was processed with nobody waiting for it and nobody defusing it.</summary>
public sealed class UnhandledEventFailureException(Events.Event failed, Exception failure)
    : SimulationException($"{failed.Describe()} failed and nobody handled it: {failure.Message}", failure)
{
    /// <summary>The event whose failure went unhandled.</summary>
    public Events.Event FailedEvent { get; } = failed;
}

/// <summary>The fault a process receives when another process interrupts it; <see cref="Cause"/> says why.</summary>
public sealed class InterruptException(object? cause)
    : Exception($"The process was interrupted{(cause is null ? "" : $": {cause}")}.")
{
    public object? Cause { get; } = cause;
}
