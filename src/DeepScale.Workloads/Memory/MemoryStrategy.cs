using DeepScale.Core.Units;

using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Memory;

/// <summary>
/// The facts of a parallel training strategy that decide one rank's memory: parallel sizes, sequence parallelism,
/// recomputation, ZeRO stage or distributed optimizer, micro-batch, the micro-batches in flight on this rank's
/// pipeline stage (decided by the schedule, see <see cref="InFlightMicrobatches"/>), precision and optimizer.
/// </summary>
public sealed record MemoryStrategy
{
    public int TensorParallel { get; init; } = 1;

    public int PipelineParallel { get; init; } = 1;

    public int DataParallel { get; init; } = 1;

    /// <summary>Context-parallel size: the sequence split of <see cref="AccountingOptions.ContextParallel"/>.</summary>
    public int ContextParallel { get; init; } = 1;

    /// <summary>How context-parallel ranks exchange keys and values (<see cref="AccountingOptions.ContextCommunication"/>).</summary>
    public ContextCommunication ContextCommunication { get; init; } = ContextCommunication.P2P;

    /// <summary>Ranks that hold the same parameters and share their sharded state: data × context parallel.</summary>
    public int ShardGroup => DataParallel * ContextParallel;

    public bool SequenceParallel { get; init; }

    public RecomputeMode Recompute { get; init; } = RecomputeMode.None;

    /// <summary>ZeRO stage (Rajbhandari et al. 2020): 1 shards optimizer states, 2 also gradients, 3 also weights, over the data-parallel group (with its context-parallel ranks).</summary>
    public int ZeroStage { get; init; }

    /// <summary>Megatron's distributed optimizer: optimizer states (with the fp32 master weights) sharded over data-parallel ranks, like ZeRO-1.</summary>
    public bool DistributedOptimizer { get; init; }

    /// <summary>ZeRO-3 gathers each parameter tensor on its own (DeepSpeed's coordinator) rather than a layer at a time
    /// (FSDP): the gathered working set is then its prefetch and live-parameter budget, not two layers.</summary>
    public bool Zero3PerTensor { get; init; }

    public int MicroBatch { get; init; } = 1;

    /// <summary>Micro-batches whose activations this stage holds at its peak (fractional for interleaved schedules).</summary>
    public double MicrobatchesInFlight { get; init; } = 1;

    /// <summary>This rank's pipeline stage, 0-based; stage 0 holds the embedding, the last stage the head.</summary>
    public int PipelineStage { get; init; }

    /// <summary>Transformer layers this stage holds when the split is uneven (<c>parallelism.stage_layers</c>); null: layers / pipeline.</summary>
    public int? StageTransformerLayers { get; init; }

    public Precision Precision { get; init; } = Precision.Bf16;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    public AttentionImplementation Attention { get; init; } = AttentionImplementation.Flash;

    public bool FusedElementwise { get; init; } = true;

    /// <summary>Checkpointed layer inputs kept in host memory (<see cref="AccountingOptions.OffloadActivations"/>).</summary>
    public bool OffloadActivations { get; init; }

    /// <summary>The loss as one fused kernel (<see cref="AccountingOptions.FusedLoss"/>).</summary>
    public bool FusedLoss { get; init; }

    /// <summary>The accounting options of one rank under this strategy.</summary>
    public AccountingOptions ToAccountingOptions() => new()
    {
        MicroBatch = MicroBatch,
        TensorParallel = TensorParallel,
        ContextParallel = ContextParallel,
        ContextCommunication = ContextCommunication,
        SequenceParallel = SequenceParallel,
        Recompute = Recompute,
        Attention = Attention,
        Precision = Precision,
        FusedElementwise = FusedElementwise,
        OffloadActivations = OffloadActivations,
        FusedLoss = FusedLoss,
    };

    /// <summary>Checks every field; throws <see cref="WorkloadSpecException"/> naming the field otherwise.</summary>
    public MemoryStrategy Validate()
    {
        WorkloadLimits.RequireRange("parallelism.tensor", TensorParallel, WorkloadLimits.MaxParallelDegree);
        WorkloadLimits.RequireRange("parallelism.pipeline", PipelineParallel, WorkloadLimits.MaxParallelDegree);
        WorkloadLimits.RequireRange("parallelism.data", DataParallel, WorkloadLimits.MaxParallelDegree);
        WorkloadLimits.RequireRange("training.micro_batch", MicroBatch, WorkloadLimits.MaxMicroBatch);
        if (ZeroStage is < 0 or > 3)
        {
            throw new WorkloadSpecException("parallelism.zero", $"{ZeroStage} must be 0, 1, 2 or 3");
        }

        if (PipelineStage < 0 || PipelineStage >= PipelineParallel)
        {
            throw new WorkloadSpecException("parallelism.stage", $"{PipelineStage} must be in 0..{PipelineParallel - 1}");
        }

        if (!double.IsFinite(MicrobatchesInFlight) || MicrobatchesInFlight <= 0 || MicrobatchesInFlight > WorkloadLimits.MaxMicroBatch)
        {
            throw new WorkloadSpecException("parallelism.microbatches_in_flight",
                $"{MicrobatchesInFlight} must be a finite number in (0, {WorkloadLimits.MaxMicroBatch}]");
        }

        if (!Enum.IsDefined(Optimizer))
        {
            throw new WorkloadSpecException("training.optimizer", $"{Optimizer} is not adam or sgd");
        }

        ToAccountingOptions().Validate();
        return this;
    }
}
