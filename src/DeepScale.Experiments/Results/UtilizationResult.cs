using System.Text.Json.Serialization;

namespace DeepScale.Experiments.Results;

/// <summary>Time-averaged utilization per resource class over the iteration, in [0, 1].</summary>
public sealed record UtilizationResult
{
    [JsonPropertyName("gpu_compute")] public required double GpuCompute { get; init; }
    [JsonPropertyName("scale_up")] public required double ScaleUp { get; init; }
    [JsonPropertyName("scale_out")] public required double ScaleOut { get; init; }
    [JsonPropertyName("storage")] public required double Storage { get; init; }
}
