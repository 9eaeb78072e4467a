using DeepScale.Core.Units;

using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Accounting;

/// <summary>
/// How a model is executed on one rank: the micro-batch, the tensor-parallel size and sequence parallelism, the
/// recompute policy, the attention implementation, the precision and whether element-wise kernels are fused.
/// </summary>
public sealed record AccountingOptions
{
    /// <summary>Samples (sequences, images) per micro-batch (b).</summary>
    public int MicroBatch { get; init; } = 1;

    /// <summary>Tensor-parallel size (t).</summary>
    public int TensorParallel { get; init; } = 1;

    /// <summary>
    /// Context-parallel size (c): each sequence is split into 2c chunks and a rank keeps chunks i and 2c − 1 − i, so
    /// every rank does the same share of causal attention (Megatron-Core's load-balanced context parallelism).
    /// </summary>
    public int ContextParallel { get; init; } = 1;

    /// <summary>How context-parallel attention exchanges keys and values (ring by default, as Megatron-Core).</summary>
    public ContextCommunication ContextCommunication { get; init; } = ContextCommunication.P2P;

    /// <summary>Sequence parallelism (Korthikanti et al. 2022): norms and dropouts sharded along the sequence.</summary>
    public bool SequenceParallel { get; init; }

    public RecomputeMode Recompute { get; init; } = RecomputeMode.None;

    public AttentionImplementation Attention { get; init; } = AttentionImplementation.Flash;

    public Precision Precision { get; init; } = Precision.Bf16;

    /// <summary>
    /// Megatron's fused kernels: bias+GeLU, bias+dropout+residual-add, scale+mask+softmax as one kernel each
    /// (Narayanan et al. 2021, Sec. 4.2). When false each step is its own kernel through HBM.
    /// </summary>
    public bool FusedElementwise { get; init; } = true;

    /// <summary>
    /// The loss as one fused kernel on the 16-bit logits (flash-attn's cross-entropy, llm-foundry's default) rather
    /// than Megatron-LM's passes over fp32 logits: no fp32 copy of the logits is made or kept.
    /// </summary>
    public bool FusedLoss { get; init; }

    /// <summary>
    /// Checkpointed layer inputs are kept in host memory (DeepSpeed's activation checkpointing with
    /// <c>cpu_checkpointing</c>): each layer's forward copies its input to the host and its recomputation copies it
    /// back, both blocking, so device memory holds no checkpoints. Needs full recomputation.
    /// </summary>
    public bool OffloadActivations { get; init; }

    /// <summary>
    /// Bytes per stored activation element: the precision's size, except that FP8 training keeps activations
    /// between GEMMs in 16 bits (only GEMM inputs are cast to FP8, as Transformer Engine does).
    /// </summary>
    public int ActivationBytes => ActivationBytesOf(Precision);

    /// <summary>Bytes per stored activation element under <paramref name="precision"/> (see <see cref="ActivationBytes"/>).</summary>
    public static int ActivationBytesOf(Precision precision) => precision == Precision.Fp8 ? 2 : precision.BytesPerElement();

    /// <summary>Checks the fields; throws <see cref="WorkloadSpecException"/> naming the field otherwise.</summary>
    public AccountingOptions Validate()
    {
        WorkloadLimits.RequireRange("training.micro_batch", MicroBatch, WorkloadLimits.MaxMicroBatch);
        WorkloadLimits.RequireRange("parallelism.tensor", TensorParallel, WorkloadLimits.MaxParallelDegree);
        WorkloadLimits.RequireRange("parallelism.context", ContextParallel, WorkloadLimits.MaxParallelDegree);
        if (OffloadActivations && Recompute != RecomputeMode.Full)
        {
            throw new WorkloadSpecException("parallelism.offload_activations",
                $"needs parallelism.recompute full (it moves the checkpointed layer inputs to host memory), not {Recompute.ToString().ToLowerInvariant()}");
        }

        if (!Enum.IsDefined(ContextCommunication))
        {
            throw new WorkloadSpecException("parallelism.context_comm", $"{ContextCommunication} is not p2p, all-gather or a2a");
        }

        if (!Enum.IsDefined(Recompute))
        {
            throw new WorkloadSpecException("parallelism.recompute", $"{Recompute} is not none, selective or full");
        }

        if (!Enum.IsDefined(Attention))
        {
            throw new WorkloadSpecException("training.attention", $"{Attention} is not flash or unfused");
        }

        if (!Enum.IsDefined(Precision))
        {
            throw new WorkloadSpecException("training.precision", $"{Precision} is not a known precision");
        }

        return this;
    }
}
