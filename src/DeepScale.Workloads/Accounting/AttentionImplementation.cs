namespace DeepScale.Workloads.Accounting;

/// <summary>
/// How attention is computed. The fused kernels never write the s×s scores to memory (Dao et al. 2022) and differ
/// in how close to the tensor-core peak they run: <see cref="Flash"/> is the best fused kernel of the device's
/// generation (FlashAttention-2 up to Ampere; on Hopper and later the warp-specialized FlashAttention-3 class that
/// cuDNN and Transformer Engine ship), <see cref="Flash2"/> FlashAttention-2 itself, <see cref="Flash1"/> the first
/// FlashAttention's CUDA kernel, <see cref="FlashTriton"/> the Triton FlashAttention of the same generation.
/// <see cref="Unfused"/> runs a batched GEMM for the scores, softmax and dropout through HBM, and a batched GEMM with
/// V (the layout of Korthikanti et al. 2022).
/// </summary>
/// <remarks>
/// The first FlashAttention's CUDA kernel runs one thread block per (sample, head) and loops over the whole sequence
/// inside it; FlashAttention-2 also splits the sequence across thread blocks, which keeps the SMs busy when
/// batch · heads is small (Dao 2023, arXiv:2307.08691, Sec. 3.2). The Triton FlashAttention of 2022
/// (flash_attn_triton.py, the kernel MPT and LLM Foundry ran) launches a grid of query blocks × batch · heads, as
/// FlashAttention-2 later did, at the first generation's efficiency.
/// </remarks>
public enum AttentionImplementation
{
    Flash,
    Unfused,
    Flash2,
    Flash1,
    FlashTriton,
}

/// <summary>Properties of an <see cref="AttentionImplementation"/>.</summary>
public static class AttentionImplementationExtensions
{
    /// <summary>True for the fused kernels (every implementation but <see cref="AttentionImplementation.Unfused"/>).</summary>
    public static bool IsFused(this AttentionImplementation attention) => attention != AttentionImplementation.Unfused;

    /// <summary>True when the kernel's thread blocks split the sequence (every fused kernel but the first
    /// FlashAttention's CUDA kernel, which runs one thread block per sample and head).</summary>
    public static bool SplitsSequence(this AttentionImplementation attention) => attention != AttentionImplementation.Flash1;
}
