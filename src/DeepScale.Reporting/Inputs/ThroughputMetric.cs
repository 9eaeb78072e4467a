namespace DeepScale.Reporting.Inputs;

/// <summary>The throughput a scaling chart plots, read from the result contract.</summary>
public enum ThroughputMetric
{
    /// <summary><c>samples_per_s</c>.</summary>
    SamplesPerSecond,

    /// <summary><c>tokens_per_s</c>.</summary>
    TokensPerSecond,

    /// <summary>Aggregate model FLOP/s, <c>model_tflops_per_gpu</c> · <c>gpus</c>, in TFLOP/s: the comparable measure
    /// when a weak-scaling series grows the model (samples/s of different models do not compare).</summary>
    ModelTeraflopsPerSecond,
}
