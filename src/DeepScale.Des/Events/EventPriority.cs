namespace DeepScale.Des.Events;

/// <summary>
/// The second key of the event order, after time: among events due at the same instant, urgent ones (process
/// starts, interrupts) are processed before normal ones. Within one priority the insertion sequence decides.
/// </summary>
public enum EventPriority : byte
{
    Urgent = 0,
    Normal = 1,
}
