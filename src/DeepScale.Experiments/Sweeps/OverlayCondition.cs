using System.Text.Json.Serialization;

namespace DeepScale.Experiments.Sweeps;

/// <summary>A reference row filter of a collective overlay: the row's <see cref="Column"/> must equal <see cref="Value"/>.</summary>
public sealed record OverlayCondition
{
    [JsonPropertyName("column")] public required string Column { get; init; }
    [JsonPropertyName("value")] public required string Value { get; init; }
}
