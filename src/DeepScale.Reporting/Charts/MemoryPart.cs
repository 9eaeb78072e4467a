namespace DeepScale.Reporting.Charts;

/// <summary>The parts of peak device memory in the result contract (<c>memory.*_gib</c>).</summary>
public enum MemoryPart
{
    Weights,
    Gradients,
    Optimizer,
    Activations,
    Other,
}
