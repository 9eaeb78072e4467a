namespace DeepScale.Workloads.Accounting;

/// <summary>
/// How attention is computed: Flash (one fused kernel that never writes the s×s scores to memory; Dao et al. 2022,
/// the default of current Megatron-Core and PyTorch) or Unfused (batched GEMM for the scores, softmax and dropout
/// through HBM, batched GEMM with V; the layout of Korthikanti et al. 2022).
/// </summary>
public enum AttentionImplementation
{
    Flash,
    Unfused,
}
