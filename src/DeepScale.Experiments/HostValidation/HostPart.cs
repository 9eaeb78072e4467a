namespace DeepScale.Experiments.HostValidation;

/// <summary>The parts of a training step that host validation compares, as the real trainer times them.</summary>
public enum HostPart
{
    /// <summary>The whole step.</summary>
    StepTime,

    /// <summary>Forward and backward passes.</summary>
    Compute,

    /// <summary>The gradient all-reduce, including the wait for the slowest worker.</summary>
    AllReduce,

    /// <summary>The optimizer update.</summary>
    Optimizer,

    /// <summary>Reading the micro-batch.</summary>
    DataLoading,
}
