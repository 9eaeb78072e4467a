using DeepScale.Core.Units;
using DeepScale.Des.Events;

namespace DeepScale.Des.Resources;

/// <summary>A put into or a get from a <see cref="Container"/>; it happens when the amount has moved.</summary>
public sealed class ContainerRequest : Event
{
    internal ContainerRequest(Simulation simulation, double amount, bool isPut)
        : base(simulation)
    {
        Amount = amount;
        IsPut = isPut;
    }

    public double Amount { get; }

    public bool IsPut { get; }

    internal void Complete() => TriggerOk(Duration.Zero, EventPriority.Normal);

    public override string Describe() => $"Container{(IsPut ? "Put" : "Get")}({Amount})";
}
