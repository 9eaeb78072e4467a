namespace DeepScale.Workloads.Accounting;

/// <summary>What an operator computes, which decides how the cost model times it.</summary>
public enum OperatorKind
{
    /// <summary>Dense matrix multiply against a weight matrix (linear layer).</summary>
    Gemm,

    /// <summary>Batched matrix multiply between two activations (QKᵀ, probabilities × V).</summary>
    AttentionGemm,

    /// <summary>Fused attention kernel (FlashAttention): both products and the softmax in one pass.</summary>
    FusedAttention,

    /// <summary>Convolution, executed as an implicit GEMM.</summary>
    Convolution,

    /// <summary>Memory-bound element-wise kernel (bias, activation function, residual add, rotary, scaling).</summary>
    ElementWise,

    /// <summary>LayerNorm, RMSNorm or batch norm.</summary>
    Normalization,

    /// <summary>Softmax over attention scores.</summary>
    Softmax,

    /// <summary>Dropout (writes a one-byte mask).</summary>
    Dropout,

    /// <summary>Embedding table lookup (a gather; its backward is a scatter-add).</summary>
    EmbeddingLookup,

    /// <summary>Max or average pooling.</summary>
    Pooling,

    /// <summary>Softmax cross-entropy loss.</summary>
    Loss,

    /// <summary>A copy between device and host memory over the accelerator's host link (activation offload).</summary>
    HostCopy,
}
