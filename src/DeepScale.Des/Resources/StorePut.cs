using DeepScale.Core.Units;
using DeepScale.Des.Events;

namespace DeepScale.Des.Resources;

/// <summary>The event of putting an item into a <see cref="Store{T}"/>; it happens once the item is in.</summary>
public sealed class StorePut<T> : Event
{
    internal StorePut(Simulation simulation, T item)
        : base(simulation)
    {
        Item = item;
    }

    public T Item { get; }

    internal void Complete() => TriggerOk(Duration.Zero, EventPriority.Normal);
}
