using System.Collections.Immutable;

using DeepScale.Core;
using DeepScale.Core.Units;
using DeepScale.Parallelism.Pipeline;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Memory;

namespace DeepScale.Parallelism.Layout;

/// <summary>
/// How a model is trained: the tensor × context × pipeline × data decomposition and its options, the batch, the precision and
/// the optimizer. Immutable; a sweep derives variants with <c>with</c>.
/// </summary>
public sealed record TrainingLayout
{
    public int Tensor { get; init; } = 1;

    /// <summary>
    /// Context parallelism: ranks that split each sequence into load-balanced chunks and exchange the attention
    /// keys and values (Megatron-Core's <c>--context-parallel-size</c>); they hold the same parameters, so gradients
    /// are reduced and optimizer state sharded over data × context ranks.
    /// </summary>
    public int Context { get; init; } = 1;

    /// <summary>How context-parallel ranks exchange keys and values (<c>--cp-comm-type</c>; ring by default).</summary>
    public ContextCommunication ContextCommunication { get; init; } = ContextCommunication.P2P;

    public int Pipeline { get; init; } = 1;

    public int Data { get; init; } = 1;

    /// <summary>Model chunks per device (interleaved 1F1B).</summary>
    public int VirtualStages { get; init; } = 1;

    /// <summary>
    /// Transformer layers of each pipeline slice in model order (slice c·p + s is chunk c of stage s), as
    /// <c>parallelism.stage_layers</c> gives them; empty: an equal split (<see cref="PipelineSplit"/>).
    /// </summary>
    public ImmutableArray<int> StageLayers { get; init; } = [];

    public PipelineScheduleKind Schedule { get; init; } = PipelineScheduleKind.OneFOneB;

    public bool SequenceParallel { get; init; }

    /// <summary>ZeRO stage 0–3 (3: parameters sharded too, FSDP's full sharding).</summary>
    public int ZeroStage { get; init; }

    /// <summary>Whether ZeRO-3 gathers and reduce-scatters a layer at a time or a parameter tensor at a time.</summary>
    public ZeroGranularity ZeroGranularity { get; init; } = ZeroGranularity.Layer;

    /// <summary>The collective algorithm the communication library is told to use (NCCL_ALGO); automatic by default.</summary>
    public CollectiveChoice Collectives { get; init; } = CollectiveChoice.Auto;

    /// <summary>Megatron's distributed optimizer: gradients reduce-scattered, optimizer sharded, parameters all-gathered.</summary>
    public bool DistributedOptimizer { get; init; }

    public OverlapOptions Overlap { get; init; } = new();

    public RecomputeMode Recompute { get; init; } = RecomputeMode.None;

    public RankPlacement Placement { get; init; } = RankPlacement.TensorPipelineData;

    public int GlobalBatch { get; init; } = 1;

    public int MicroBatch { get; init; } = 1;

    public Precision Precision { get; init; } = Precision.Bf16;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    public AttentionImplementation Attention { get; init; } = AttentionImplementation.Flash;

    /// <summary>Megatron's fused element-wise kernels (bias+GeLU, bias+dropout+add, scale+mask+softmax).</summary>
    public bool FusedElementwise { get; init; } = true;

    /// <summary>Checkpointed layer inputs kept in host memory (<see cref="AccountingOptions.OffloadActivations"/>).</summary>
    public bool OffloadActivations { get; init; }

    /// <summary>The loss as one fused kernel (<see cref="AccountingOptions.FusedLoss"/>).</summary>
    public bool FusedLoss { get; init; }

    /// <summary>
    /// Megatron's scatter/gather optimization (Narayanan et al. 2021, Sec. 4.1): each tensor rank sends 1/t of the
    /// activation between stages and the receiver all-gathers over the fast scale-up links.
    /// </summary>
    public bool ScatterGather { get; init; } = true;

    /// <summary>
    /// The weight-gradient GEMM accumulates straight into the fp32 main gradient (Megatron-LM's
    /// <c>--gradient-accumulation-fusion</c>). Off, every micro-batch's gradient is added to the main gradient by a
    /// separate memory-bound kernel, as Megatron-LM did in 2021 (<c>param.main_grad.add_(param.grad)</c> in its
    /// data-parallel hooks) and as PyTorch autograd does when it accumulates <c>.grad</c> across micro-batches.
    /// </summary>
    public bool GradAccumulationFusion { get; init; } = true;

    /// <summary>Gradient bucket size of the data-parallel reduction (PyTorch DDP's default <c>bucket_cap_mb</c> = 25).</summary>
    public Bytes GradientBucket { get; init; } = Bytes.FromMiB(25);

    /// <summary>Local SGD / periodic model averaging: replicas average parameters every H steps instead of
    /// reducing gradients every step (1 = synchronous data parallelism).</summary>
    public int AveragingPeriod { get; init; } = 1;

    public int Gpus => Tensor * Context * Pipeline * Data;

    /// <summary>Ranks that hold the same parameters: data replicas times context ranks.</summary>
    public int ShardGroup => Data * Context;

    /// <summary>Micro-batches each pipeline runs per iteration.</summary>
    public int Microbatches => GlobalBatch / (MicroBatch * Data);

    /// <summary>How one rank executes the model's operators under this layout.</summary>
    public AccountingOptions ToAccountingOptions() => new()
    {
        MicroBatch = MicroBatch,
        TensorParallel = Tensor,
        ContextParallel = Context,
        ContextCommunication = ContextCommunication,
        SequenceParallel = SequenceParallel,
        Recompute = Recompute,
        Attention = Attention,
        Precision = Precision,
        FusedElementwise = FusedElementwise,
        OffloadActivations = OffloadActivations,
        FusedLoss = FusedLoss,
    };

    /// <summary>Checks the layout on its own (the model-dependent checks are the builder's); messages name spec fields.</summary>
    public TrainingLayout Validate()
    {
        Require(Tensor >= 1, "parallelism.tensor", $"{Tensor} must be at least 1");
        Require(Context >= 1, "parallelism.context", $"{Context} must be at least 1");
        Require(Pipeline >= 1, "parallelism.pipeline", $"{Pipeline} must be at least 1");
        Require(Data >= 1, "parallelism.data", $"{Data} must be at least 1");
        Require(VirtualStages >= 1, "parallelism.virtual_stages", $"{VirtualStages} must be at least 1");
        Require(VirtualStages == 1 || Schedule == PipelineScheduleKind.Interleaved1F1B, "parallelism.virtual_stages",
            $"{VirtualStages} needs schedule interleaved-1f1b");
        Require(StageLayers.IsDefaultOrEmpty || StageLayers.Length == Pipeline * VirtualStages, PipelineSplit.Field,
            $"has {StageLayers.Length} entries; it needs pipeline·virtual_stages = {Pipeline * VirtualStages}");
        Require(ZeroStage is >= 0 and <= 3, "parallelism.zero", $"{ZeroStage} is not a ZeRO stage 0..3");
        Require(MicroBatch >= 1, "training.micro_batch", $"{MicroBatch} must be at least 1");
        Require(GlobalBatch >= 1, "training.global_batch", $"{GlobalBatch} must be at least 1");
        Require(GlobalBatch % (MicroBatch * Data) == 0, "training.global_batch",
            $"{GlobalBatch} is not divisible by micro_batch·data = {MicroBatch}·{Data}");
        Require(AveragingPeriod >= 1, "parallelism.averaging_period", $"{AveragingPeriod} must be at least 1");
        Require(AveragingPeriod == 1 || Context == 1, "parallelism.averaging_period",
            $"{AveragingPeriod} needs context 1: the ranks of a context group reduce their gradients every step");
        Require(GradientBucket.Count > 0, "parallelism.gradient_bucket", "must be positive");
        PipelineSchedule.Validate(Schedule, Pipeline, Microbatches, VirtualStages, 0);
        return this;
    }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new SpecFieldException(field, message);
        }
    }
}
