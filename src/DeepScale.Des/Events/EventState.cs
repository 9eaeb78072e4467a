namespace DeepScale.Des.Events;

/// <summary>Where an event is in its life: it may happen, is going to happen, or has happened.</summary>
public enum EventState : byte
{
    /// <summary>Not yet triggered: it may happen.</summary>
    Pending,

    /// <summary>Triggered and in the event queue: it is going to happen, with its outcome fixed.</summary>
    Triggered,

    /// <summary>Taken from the queue and its callbacks run: it has happened.</summary>
    Processed,
}
