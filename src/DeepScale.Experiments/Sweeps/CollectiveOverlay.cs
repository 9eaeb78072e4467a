using System.Text.Json.Serialization;

namespace DeepScale.Experiments.Sweeps;

/// <summary>
/// Measured bus bandwidths drawn over a collective sweep's predictions (nccl-tests results): the rows of a CSV file
/// that pass every condition, plotted against message size in the figure of one system, GPU count and operation.
/// </summary>
public sealed record CollectiveOverlay
{
    /// <summary>The CSV file, relative to the experiment file (in a manifest: to the results folder).</summary>
    [JsonPropertyName("file")] public required string File { get; init; }

    /// <summary>The legend label of the measured curve.</summary>
    [JsonPropertyName("label")] public required string Label { get; init; }

    /// <summary>The catalog system whose figure the curve joins.</summary>
    [JsonPropertyName("system")] public required string System { get; init; }

    /// <summary>The GPU count whose figure the curve joins.</summary>
    [JsonPropertyName("gpus")] public required int Gpus { get; init; }

    /// <summary>The operation whose figure the curve joins (spelled as in the sweep: all-reduce, …).</summary>
    [JsonPropertyName("op")] public required string Op { get; init; }

    /// <summary>Conditions a row must meet, e.g. <c>system = single 8x A100 node …</c>, <c>total_ranks = 8</c>.</summary>
    [JsonPropertyName("where")] public required IReadOnlyList<OverlayCondition> Where { get; init; }

    /// <summary>The column holding the message size in bytes.</summary>
    [JsonPropertyName("bytes_column")] public string BytesColumn { get; init; } = "payload_bytes";

    /// <summary>The column holding the bus bandwidth in GB/s (10^9 bytes/s).</summary>
    [JsonPropertyName("busbw_column")] public string BusbwColumn { get; init; } = "busbw_GBps";
}
