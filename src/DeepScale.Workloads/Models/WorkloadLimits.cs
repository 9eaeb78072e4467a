namespace DeepScale.Workloads.Models;

/// <summary>
/// Upper bounds that separate a large model from a typing error. They keep every product of dimensions far inside
/// the exact range of a double and of a 64-bit parameter count, so results never overflow or become NaN.
/// </summary>
/// <remarks>The largest published dense models (Megatron SC21's 1T: h = 25600, 128 layers; Llama 3 vocab 128256) sit
/// two orders of magnitude below each bound.</remarks>
public static class WorkloadLimits
{
    /// <summary>Transformer layers or CNN blocks.</summary>
    public const int MaxLayers = 100_000;

    /// <summary>Hidden size, FFN size, channels, features.</summary>
    public const int MaxWidth = 1_048_576;

    /// <summary>Sequence length in tokens.</summary>
    public const int MaxSequence = 16_777_216;

    /// <summary>Vocabulary size or number of classes.</summary>
    public const int MaxVocabulary = 16_777_216;

    /// <summary>Image side in pixels.</summary>
    public const int MaxImageSide = 262_144;

    /// <summary>Micro-batch size in samples.</summary>
    public const int MaxMicroBatch = 1_048_576;

    /// <summary>Parallel degree of any one dimension (tensor, pipeline, data).</summary>
    public const int MaxParallelDegree = 1_048_576;

    /// <summary>A model's total parameters (10^17, five orders of magnitude above the largest dense model published).</summary>
    public const double MaxParameters = 1e17;

    /// <summary>Throws naming <paramref name="field"/> unless 1 ≤ value ≤ max.</summary>
    public static void RequireRange(string field, long value, long max)
    {
        if (value < 1)
        {
            throw new WorkloadSpecException(field, $"{value} must be at least 1");
        }

        if (value > max)
        {
            throw new WorkloadSpecException(field, $"{value} exceeds the limit {max}");
        }
    }
}
