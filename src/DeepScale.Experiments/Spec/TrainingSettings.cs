using DeepScale.Core.Units;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Memory;

namespace DeepScale.Experiments.Spec;

/// <summary>The resolved training settings of a scenario (<c>training:</c>): batch sizes, precision, optimizer, attention kernel.</summary>
public sealed record TrainingSettings
{
    /// <summary>Samples per iteration over all replicas (<c>training.global_batch</c>).</summary>
    public required int GlobalBatchSize { get; init; }

    /// <summary>Samples per micro-batch (<c>training.micro_batch</c>).</summary>
    public int MicrobatchSize { get; init; } = 1;

    /// <summary>Compute precision; supported by the scenario's accelerator.</summary>
    public Precision Precision { get; init; } = Precision.Bf16;

    /// <summary>Optimizer whose state the ranks hold.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Attention kernel.</summary>
    public AttentionImplementation Attention { get; init; } = AttentionImplementation.Flash;
}
