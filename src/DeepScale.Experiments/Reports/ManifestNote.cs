using System.Text.Json.Serialization;

namespace DeepScale.Experiments.Reports;

/// <summary>A point that did not produce a result (skipped or failed), and why, as a manifest lists it.</summary>
public sealed record ManifestNote
{
    [JsonPropertyName("point")] public required string Point { get; init; }
    [JsonPropertyName("reason")] public required string Reason { get; init; }
}
