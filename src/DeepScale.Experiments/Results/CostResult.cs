using System.Text.Json.Serialization;

namespace DeepScale.Experiments.Results;

/// <summary>What the run costs at on-demand prices (zero when the cluster has no price).</summary>
public sealed record CostResult
{
    [JsonPropertyName("usd_per_hour")] public required double UsdPerHour { get; init; }
    [JsonPropertyName("usd_per_iteration")] public required double UsdPerIteration { get; init; }
}
