namespace DeepScale.HostLab.Training;

/// <summary>
/// A deliberate failure of one worker at the start of one step: the way to check that a run with a dead or hung
/// worker fails quickly with a clear message instead of hanging.
/// </summary>
public sealed record WorkerFault(int Rank, int Step, WorkerFaultKind Kind = WorkerFaultKind.Crash);
