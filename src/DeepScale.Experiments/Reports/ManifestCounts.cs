using System.Text.Json.Serialization;

namespace DeepScale.Experiments.Reports;

/// <summary>How many points a sweep had and what became of them.</summary>
public sealed record ManifestCounts
{
    [JsonPropertyName("total")] public required int Total { get; init; }
    [JsonPropertyName("valid")] public required int Valid { get; init; }
    [JsonPropertyName("finished")] public required int Finished { get; init; }
    [JsonPropertyName("simulated")] public required int Simulated { get; init; }
    [JsonPropertyName("reused")] public required int Reused { get; init; }
    [JsonPropertyName("skipped")] public required int Skipped { get; init; }
    [JsonPropertyName("failed")] public required int Failed { get; init; }
}
