namespace DeepScale.Experiments.Spec;

/// <summary>
/// Bounds that separate a large but real configuration from a typing error or a hostile file. Every bound sits
/// orders of magnitude above the largest published training runs, so no real spec meets them.
/// </summary>
public static class SpecLimits
{
    /// <summary>Largest spec or experiment file read (1 MiB; the largest realistic spec is a few KiB). Larger files are
    /// refused before parsing.</summary>
    public const long MaxFileBytes = 1 << 20;

    /// <summary>Deepest nesting of mappings and lists.</summary>
    public const int MaxDepth = 32;

    /// <summary>Most YAML nodes in one file, counting every expansion of an alias.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Longest name or description.</summary>
    public const int MaxTextLength = 4096;

    /// <summary>Most GPUs (and so nodes) in a cluster: 2^20, as <c>WorkloadLimits.MaxParallelDegree</c>.</summary>
    public const int MaxGpus = 1 << 20;

    /// <summary>Largest global batch in samples (2^30).</summary>
    public const int MaxGlobalBatch = 1 << 30;

    /// <summary>Most simulated iterations of one run.</summary>
    public const int MaxIterations = 1_000_000;

    /// <summary>Longest local-SGD averaging period (steps between parameter averages).</summary>
    public const int MaxAveragingPeriod = 1_000_000;

    /// <summary>Most NICs per node, workers per node, prefetch depth.</summary>
    public const int MaxPerNode = 4096;

    /// <summary>Largest data set in samples (10^15).</summary>
    public const long MaxSamples = 1_000_000_000_000_000;

    /// <summary>Largest sample (1 TiB).</summary>
    public const double MaxSampleGiB = 1024;

    /// <summary>Longest CPU decode time of one sample (1 hour).</summary>
    public const double MaxDecodeSeconds = 3600;

    /// <summary>Largest bandwidth of any link or storage tier (1 PB/s).</summary>
    public const double MaxBytesPerSecond = 1e15;

    /// <summary>
    /// Smallest link or storage rate a spec may give: 1 Mbit/s. Slower links would stretch the transfers of a model's
    /// gradients past the simulation clock's range (about 2.9 years) and are not a training cluster.
    /// </summary>
    public const double MinBytesPerSecond = 125_000;

    /// <summary>Longest storage latency (1 minute).</summary>
    public const double MaxLatencySeconds = 60;

    /// <summary>Largest leaf oversubscription ratio.</summary>
    public const double MaxOversubscription = 1024;

    /// <summary>Default cap on the points of one sweep (overridable with <c>max_points</c>).</summary>
    public const int DefaultMaxPoints = 100_000;

    /// <summary>Hard cap on <c>max_points</c> (10^7 points).</summary>
    public const int MaxPoints = 10_000_000;

    /// <summary>Longest chain of experiment bases.</summary>
    public const int MaxBaseChain = 16;
}
