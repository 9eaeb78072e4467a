namespace DeepScale.Workloads.Models;

/// <summary>
/// The transformer feed-forward block: GeLU (two matrices h×f and f×h) or SwiGLU (gate and up projections h×f each,
/// down projection f×h; Shazeer 2020, used by Llama).
/// </summary>
public enum MlpKind
{
    Gelu,
    SwiGlu,
}
