namespace DeepScale.Workloads.Accounting;

/// <summary>
/// Activation recomputation (Korthikanti et al. 2022): keep everything (None), recompute only the attention core
/// whose s² activations dominate (Selective), or keep only each layer's input and rerun its forward pass in the
/// backward pass (Full).
/// </summary>
public enum RecomputeMode
{
    None,
    Selective,
    Full,
}
