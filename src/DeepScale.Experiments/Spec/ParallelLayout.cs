using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Pipeline;
using DeepScale.Workloads.Accounting;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// The resolved parallel strategy of a scenario (<c>parallelism:</c>): tensor × pipeline × data sizes whose product
/// is the GPU count, the pipeline schedule, sharding, overlap, recomputation and rank placement. Immutable.
/// </summary>
public sealed record ParallelLayout
{
    /// <summary>Tensor-parallel size (<c>parallelism.tensor</c>).</summary>
    public required int TensorParallel { get; init; }

    /// <summary>Pipeline stages (<c>parallelism.pipeline</c>).</summary>
    public required int PipelineParallel { get; init; }

    /// <summary>Data-parallel replicas (<c>parallelism.data</c>, derived when absent).</summary>
    public required int DataParallel { get; init; }

    /// <summary>Pipeline schedule.</summary>
    public PipelineScheduleKind Schedule { get; init; } = PipelineScheduleKind.OneFOneB;

    /// <summary>Model chunks per GPU; above 1 only with interleaved 1F1B.</summary>
    public int VirtualStages { get; init; } = 1;

    /// <summary>Sequence parallelism; resolved to false when the tensor-parallel size is 1.</summary>
    public bool SequenceParallel { get; init; }

    /// <summary>ZeRO stage 0 … 3.</summary>
    public int ZeroStage { get; init; }

    /// <summary>Megatron's distributed (sharded) optimizer.</summary>
    public bool DistributedOptimizer { get; init; }

    /// <summary>Communication overlap switches.</summary>
    public OverlapSettings Overlap { get; init; } = new();

    /// <summary>Activation recomputation.</summary>
    public RecomputeMode Recompute { get; init; } = RecomputeMode.None;

    /// <summary>Order of the grid dimensions on consecutive ranks.</summary>
    public RankPlacement Placement { get; init; } = RankPlacement.TensorPipelineData;

    /// <summary>tensor · pipeline · data.</summary>
    public int Size => TensorParallel * PipelineParallel * DataParallel;
}
