namespace DeepScale.Experiments.Planning;

/// <summary>
/// One feasible plan as the analytical search saw it, for charts of the whole search: its label, GPUs, iteration
/// time, throughput, and (when known) the time and cost of the training job.
/// </summary>
public sealed record PlanPoint(string Label, int Gpus, double IterationTimeS, double SamplesPerS, double? TimeToTrainS, double? CostUsd);
