namespace DeepScale.Workloads.Models;

/// <summary>The normalization a transformer uses: LayerNorm (scale and bias, 2h parameters) or RMSNorm (scale only, h).</summary>
public enum NormKind
{
    LayerNorm,
    RmsNorm,
}
