namespace DeepScale.Des.Events;

/// <summary>
/// Something the kernel notifies when an event is processed: a waiting process, a condition, or a user callback.
/// An interface rather than a delegate so that a process waiting on an event costs no allocation.
/// </summary>
internal interface IEventListener
{
    void OnEventProcessed(Event processed);
}
