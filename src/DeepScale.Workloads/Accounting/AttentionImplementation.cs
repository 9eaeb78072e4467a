namespace DeepScale.Workloads.Accounting;

/// <summary>
/// How attention is computed. The fused kernels never write the s×s scores to memory (Dao et al. 2022) and differ
/// in how close to the tensor-core peak they run: <see cref="Flash"/> is the best fused kernel of the device's
/// generation (FlashAttention-2 up to Ampere; on Hopper and later the warp-specialized FlashAttention-3 class that
/// cuDNN and Transformer Engine ship), <see cref="Flash2"/> FlashAttention-2 itself, <see cref="Flash1"/> the first
/// FlashAttention and the Triton kernels of its time. <see cref="Unfused"/> runs a batched GEMM for the scores,
/// softmax and dropout through HBM, and a batched GEMM with V (the layout of Korthikanti et al. 2022).
/// </summary>
public enum AttentionImplementation
{
    Flash,
    Unfused,
    Flash2,
    Flash1,
}

/// <summary>Properties of an <see cref="AttentionImplementation"/>.</summary>
public static class AttentionImplementationExtensions
{
    /// <summary>True for the fused kernels (every implementation but <see cref="AttentionImplementation.Unfused"/>).</summary>
    public static bool IsFused(this AttentionImplementation attention) => attention != AttentionImplementation.Unfused;
}
