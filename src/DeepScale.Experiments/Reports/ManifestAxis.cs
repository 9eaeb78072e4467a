using System.Text.Json.Serialization;

namespace DeepScale.Experiments.Reports;

/// <summary>One sweep axis in a manifest: its field path, its group (null for an axis of its own) and its values as text.</summary>
public sealed record ManifestAxis
{
    [JsonPropertyName("field")] public required string Field { get; init; }
    [JsonPropertyName("group")] public string? Group { get; init; }
    [JsonPropertyName("values")] public required IReadOnlyList<string> Values { get; init; }
}
