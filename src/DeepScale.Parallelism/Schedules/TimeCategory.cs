namespace DeepScale.Parallelism.Schedules;

/// <summary>
/// The parts an iteration's time is split into (the <c>breakdown_s</c> keys of the result contract). Busy compute
/// time goes to the category of the running operation; idle time goes to what the compute stream waited for.
/// </summary>
public enum TimeCategory
{
    Forward,
    Backward,
    Recompute,
    Optimizer,
    PipelineBubble,
    ExposedTpComm,
    ExposedPpComm,
    ExposedDpComm,
    DataStall,
}
