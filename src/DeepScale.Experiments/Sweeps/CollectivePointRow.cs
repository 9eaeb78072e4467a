using CsvHelper;

namespace DeepScale.Experiments.Sweeps;

/// <summary>
/// One collective of a collective sweep as a row of its points.csv: the axis values first (system, GPUs, operation,
/// requested algorithm and protocol, message size in bytes), then what the model chose and predicted, with units in
/// the headers (GB/s = 10^9 bytes/s, nccl-tests' algbw and busbw).
/// </summary>
[CsvRecord]
public sealed partial record CollectivePointRow
{
    [CsvColumn("system")] public required string System { get; init; }
    [CsvColumn("gpus")] public required int Gpus { get; init; }
    [CsvColumn("op")] public required string Op { get; init; }
    [CsvColumn("algorithm_requested")] public required string AlgorithmRequested { get; init; }
    [CsvColumn("protocol_requested")] public required string ProtocolRequested { get; init; }
    [CsvColumn("bytes")] public required double Bytes { get; init; }
    [CsvColumn("algorithm")] public required string Algorithm { get; init; }
    [CsvColumn("protocol")] public required string Protocol { get; init; }
    [CsvColumn("time_s")] public required double TimeS { get; init; }
    [CsvColumn("latency_s")] public required double LatencyS { get; init; }
    [CsvColumn("algbw_gbps")] public required double AlgbwGbps { get; init; }
    [CsvColumn("busbw_gbps")] public required double BusbwGbps { get; init; }
    [CsvColumn("fidelity")] public required string Fidelity { get; init; }
    [CsvColumn("catalog_version")] public required string CatalogVersion { get; init; }
}
