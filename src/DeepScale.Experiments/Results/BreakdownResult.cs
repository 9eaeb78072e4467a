using System.Text.Json.Serialization;

namespace DeepScale.Experiments.Results;

/// <summary>The iteration time split into parts that add up to it, in seconds.</summary>
public sealed record BreakdownResult
{
    [JsonPropertyName("forward")] public required double Forward { get; init; }
    [JsonPropertyName("backward")] public required double Backward { get; init; }
    [JsonPropertyName("recompute")] public required double Recompute { get; init; }
    [JsonPropertyName("optimizer")] public required double Optimizer { get; init; }
    [JsonPropertyName("pipeline_bubble")] public required double PipelineBubble { get; init; }
    /// <summary>In-layer model-parallel collectives left exposed: tensor-parallel ones and, with context parallelism, the key/value exchanges.</summary>
    [JsonPropertyName("exposed_tp_comm")] public required double ExposedTpComm { get; init; }
    [JsonPropertyName("exposed_pp_comm")] public required double ExposedPpComm { get; init; }
    [JsonPropertyName("exposed_dp_comm")] public required double ExposedDpComm { get; init; }
    [JsonPropertyName("data_stall")] public required double DataStall { get; init; }

    [JsonIgnore]
    public double Total => Forward + Backward + Recompute + Optimizer + PipelineBubble + ExposedTpComm + ExposedPpComm + ExposedDpComm + DataStall;
}
