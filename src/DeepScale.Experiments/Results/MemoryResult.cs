using System.Text.Json.Serialization;

namespace DeepScale.Experiments.Results;

/// <summary>Peak device memory per rank and its parts (the worst pipeline stage), in GiB.</summary>
public sealed record MemoryResult
{
    [JsonPropertyName("weights_gib")] public required double WeightsGib { get; init; }
    [JsonPropertyName("gradients_gib")] public required double GradientsGib { get; init; }
    [JsonPropertyName("optimizer_gib")] public required double OptimizerGib { get; init; }
    [JsonPropertyName("activations_gib")] public required double ActivationsGib { get; init; }
    [JsonPropertyName("other_gib")] public required double OtherGib { get; init; }
    [JsonPropertyName("peak_gib")] public required double PeakGib { get; init; }
    [JsonPropertyName("capacity_gib")] public required double CapacityGib { get; init; }
    [JsonPropertyName("fits")] public required bool Fits { get; init; }

    /// <summary>The parts that overflow the capacity, largest first (empty when it fits).</summary>
    [JsonPropertyName("overflowing")] public IReadOnlyList<string> Overflowing { get; init; } = [];
}
