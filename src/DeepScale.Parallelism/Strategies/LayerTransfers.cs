namespace DeepScale.Parallelism.Strategies;

/// <summary>
/// One layer's ZeRO-3 transfers in seconds: its parameter all-gathers and gradient reduce-scatters (collectives and
/// list copies), and of each the part on the wire.
/// </summary>
internal readonly record struct LayerTransfers(double Gather, double Reduce, double GatherWire, double ReduceWire);
