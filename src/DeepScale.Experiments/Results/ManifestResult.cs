using System.Text.Json.Serialization;

namespace DeepScale.Experiments.Results;

/// <summary>Where the result came from, so it can be reproduced.</summary>
public sealed record ManifestResult
{
    [JsonPropertyName("deepscale_version")] public required string DeepscaleVersion { get; init; }
    [JsonPropertyName("spec_sha256")] public required string SpecSha256 { get; init; }
    [JsonPropertyName("seed")] public required ulong Seed { get; init; }
    [JsonPropertyName("catalog_version")] public required string CatalogVersion { get; init; }
}
