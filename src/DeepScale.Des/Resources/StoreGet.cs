using DeepScale.Des.Events;

namespace DeepScale.Des.Resources;

/// <summary>The event of getting an item from a <see cref="Store{T}"/>; its value is the item.</summary>
public sealed class StoreGet<T> : Event<T>
{
    internal StoreGet(Simulation simulation, Func<T, bool>? filter)
        : base(simulation)
    {
        Filter = filter;
    }

    public Func<T, bool>? Filter { get; }
}
