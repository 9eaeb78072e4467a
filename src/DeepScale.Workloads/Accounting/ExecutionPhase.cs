namespace DeepScale.Workloads.Accounting;

/// <summary>The pass of a training step an event belongs to.</summary>
public enum ExecutionPhase
{
    Forward,
    Backward,
}
