using System.Text.Json.Serialization;

namespace DeepScale.Experiments.Results;

/// <summary>
/// The result of simulating one configuration: the JSON object of the result contract (shared/DESIGN.md), snake
/// case with the SI unit in each key. Reports, sweeps and the planner read only these records.
/// </summary>
public sealed record RunResult
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("gpus")] public required int Gpus { get; init; }
    [JsonPropertyName("fidelity")] public required string Fidelity { get; init; }
    [JsonPropertyName("model_params")] public required long ModelParams { get; init; }
    [JsonPropertyName("iteration_time_s")] public required double IterationTimeS { get; init; }
    [JsonPropertyName("samples_per_s")] public required double SamplesPerS { get; init; }
    [JsonPropertyName("tokens_per_s")] public required double TokensPerS { get; init; }
    [JsonPropertyName("model_flops_per_iteration")] public required double ModelFlopsPerIteration { get; init; }
    [JsonPropertyName("model_tflops_per_gpu")] public required double ModelTflopsPerGpu { get; init; }
    [JsonPropertyName("hardware_tflops_per_gpu")] public required double HardwareTflopsPerGpu { get; init; }
    [JsonPropertyName("mfu")] public required double Mfu { get; init; }
    [JsonPropertyName("hfu")] public required double Hfu { get; init; }
    [JsonPropertyName("memory")] public required MemoryResult Memory { get; init; }
    [JsonPropertyName("breakdown_s")] public required BreakdownResult BreakdownS { get; init; }
    [JsonPropertyName("utilization")] public required UtilizationResult Utilization { get; init; }
    [JsonPropertyName("cost")] public required CostResult Cost { get; init; }
    [JsonPropertyName("simulation_wall_s")] public required double SimulationWallS { get; init; }
    [JsonPropertyName("manifest")] public required ManifestResult Manifest { get; init; }

    /// <summary>
    /// Speed of the job's slowest device relative to the median device (<c>cluster.device_variation</c>); 1 for
    /// identical devices. Shown in the human-readable summary; not a key of the JSON contract.
    /// </summary>
    [JsonIgnore] public double DevicePace { get; init; } = 1;
}
