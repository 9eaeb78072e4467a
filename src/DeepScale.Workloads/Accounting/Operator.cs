using System.Collections.Immutable;

using DeepScale.Core.Units;

namespace DeepScale.Workloads.Accounting;

/// <summary>
/// One operator of one layer on one rank for one micro-batch: its forward work, its backward work split into the
/// input gradient and the weight gradient, the parameters it holds and the activations it keeps for backward.
/// Quantities are per rank: a tensor-parallel operator holds 1/t of a sharded matrix.
/// </summary>
/// <param name="Name">Dotted name, unique within the layer (e.g. <c>attn.qkv</c>).</param>
/// <param name="LayerIndex">Index of the owning layer in <see cref="ModelAccount.Layers"/>.</param>
/// <param name="Kind">What the operator computes.</param>
/// <param name="Precision">Number format of its math (GEMMs) or storage (memory-bound kernels).</param>
/// <param name="Forward">Forward-pass work.</param>
/// <param name="BackwardInput">Backward work producing the gradient of the inputs (for a fused attention kernel, its whole backward).</param>
/// <param name="BackwardWeight">Backward work producing the gradient of the parameters.</param>
/// <param name="Parameters">Parameters this operator owns on this rank.</param>
/// <param name="SavedActivations">Bytes kept from the forward pass until this operator's backward, under the recompute policy.</param>
public sealed record Operator(
    string Name,
    int LayerIndex,
    OperatorKind Kind,
    Precision Precision,
    WorkAmount Forward,
    WorkAmount BackwardInput,
    WorkAmount BackwardWeight,
    long Parameters,
    Bytes SavedActivations)
{
    /// <summary>Matrix-multiply shape of the forward pass (GEMMs, attention GEMMs, convolutions).</summary>
    public GemmShape? Gemm { get; init; }

    /// <summary>Attention shape (fused attention).</summary>
    public AttentionShape? Attention { get; init; }

    /// <summary>The geometry of a convolution, when the operator is one whose geometry is known (lets the cost model
    /// weigh the library's convolution algorithms against the implicit GEMM).</summary>
    public ConvolutionShape? Convolution { get; init; }

    /// <summary>The forward pass runs again inside the backward pass (activation recomputation).</summary>
    public bool Recomputed { get; init; }

    /// <summary>Device memory the operator holds beyond its saved activations while its backward runs (a loss: its
    /// logits and their gradient).</summary>
    public Bytes BackwardTransient { get; init; }

    /// <summary>Parameters this operator uses but another layer owns (the LM head tied to the word embedding).</summary>
    public long TiedParameters { get; init; }

    /// <summary>
    /// Element counts of the operator's separate parameter tensors on this rank (a linear layer's weight and bias, a
    /// LayerNorm's scale and shift), summing to <see cref="Parameters"/>; empty means one tensor. Frameworks that
    /// gather or reduce parameters one tensor at a time pay per tensor.
    /// </summary>
    public ImmutableArray<long> ParameterTensors { get; init; } = [];

    /// <summary>The parameter tensors' element counts (one entry per tensor, none without parameters).</summary>
    public ImmutableArray<long> TensorSizes => !ParameterTensors.IsDefaultOrEmpty ? ParameterTensors
        : Parameters > 0 ? [Parameters] : [];

    /// <summary>Tensor-parallel collectives this operator's sharding requires (empty when t = 1).</summary>
    public ImmutableArray<ModelParallelExchange> Exchanges { get; init; } = [];

    /// <summary>True for the matrix-multiply kinds the FLOP conventions of Narayanan et al. (2021) count.</summary>
    public bool IsMatmul => Kind is OperatorKind.Gemm or OperatorKind.AttentionGemm or OperatorKind.FusedAttention or OperatorKind.Convolution;

    /// <summary>The operator multiplies by a weight matrix (its backward has a weight-gradient GEMM).</summary>
    public bool HasWeights => Parameters > 0 || TiedParameters > 0;

    /// <summary>Forward work repeated in the backward pass because of recomputation.</summary>
    public WorkAmount Recompute => Recomputed ? Forward : WorkAmount.Zero;

    /// <summary>
    /// Model FLOPs (Korthikanti et al. 2022, Eq. 7 convention): matmul forward FLOPs times three (the backward pass
    /// is one product per operand's gradient, twice the forward), without recomputation; times two for the layer
    /// that reads the data, whose input needs no gradient; zero for memory-bound kinds.
    /// </summary>
    public FlopCount ModelFlops => IsMatmul ? Forward.Flops * (BackwardInput.IsEmpty && HasWeights ? 2 : 3) : FlopCount.Zero;

    /// <summary>Matmul FLOPs the device executes: forward, both backward parts and any recomputed forward.</summary>
    public FlopCount HardwareFlops => IsMatmul
        ? Forward.Flops + BackwardInput.Flops + BackwardWeight.Flops + Recompute.Flops
        : FlopCount.Zero;
}
