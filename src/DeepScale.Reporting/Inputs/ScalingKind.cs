namespace DeepScale.Reporting.Inputs;

/// <summary>How the problem grows with the GPU count in a scaling series.</summary>
public enum ScalingKind
{
    /// <summary>Fixed problem (global batch and model): ideal throughput grows linearly with GPUs.</summary>
    Strong,

    /// <summary>Problem grows with the GPUs (batch, or model as in Megatron SC21 Table 1): ideal throughput per GPU
    /// stays constant.</summary>
    Weak,
}
