using DeepScale.Core.Units;
using DeepScale.Des.Events;

namespace DeepScale.Des.Resources;

/// <summary>
/// A request for one slot of a <see cref="Resources.Resource"/>: an event that happens when the slot is granted.
/// Disposing it releases a granted slot or withdraws a waiting request, so <c>using</c> always cleans up.
/// </summary>
public sealed class Request : Event, IDisposable
{
    internal Request(Simulation simulation, Resource resource, int priority)
        : base(simulation)
    {
        Resource = resource;
        Priority = priority;
    }

    public Resource Resource { get; }

    public int Priority { get; }

    public RequestStatus Status { get; internal set; }

    internal void GrantNow() => TriggerOk(Duration.Zero, EventPriority.Normal);

    /// <summary>Releases the slot if granted, withdraws the request if waiting; idempotent afterwards.</summary>
    public void Dispose()
    {
        switch (Status)
        {
            case RequestStatus.Granted:
                Resource.Release(this);
                break;
            case RequestStatus.Waiting:
                Resource.Cancel(this);
                break;
            default:
                break;
        }
    }

    public override string Describe() => $"Request({Resource.Name})";
}
