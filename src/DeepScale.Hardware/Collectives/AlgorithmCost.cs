using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>Analytical cost of one algorithm and protocol: total time, its latency part, the sustained bus bandwidth, chunks.</summary>
internal sealed record AlgorithmCost(Duration Time, Duration Latency, ByteRate Bandwidth, int Chunks, double Efficiency);
