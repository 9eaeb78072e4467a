namespace DeepScale.Experiments.Reports;

/// <summary>The throughput a planned scaling chart shows.</summary>
public enum PlannedMetric
{
    /// <summary><c>samples_per_s</c>.</summary>
    Samples,

    /// <summary><c>tokens_per_s</c>.</summary>
    Tokens,

    /// <summary>Aggregate model TFLOP/s, for weak scaling where the model grows with the GPUs.</summary>
    ModelTeraflops,
}
