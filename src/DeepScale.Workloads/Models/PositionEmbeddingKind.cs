namespace DeepScale.Workloads.Models;

/// <summary>How token positions enter a transformer: a learned table of seq×h parameters, or rotary (RoPE, no parameters).</summary>
public enum PositionEmbeddingKind
{
    Learned,
    Rotary,
}
