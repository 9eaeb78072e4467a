using DeepScale.Core.Units;

namespace DeepScale.Des.Events;

/// <summary>An event that succeeds by itself after a delay: the way a process lets simulated time pass.</summary>
public sealed class Timeout : Event
{
    internal Timeout(Simulation simulation, Duration delay, EventPriority priority)
        : base(simulation)
    {
        if (delay.Ticks < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A timeout cannot have a negative delay.");
        }

        TriggerOk(delay, priority);
    }

    public override string Describe() => "Timeout";
}
