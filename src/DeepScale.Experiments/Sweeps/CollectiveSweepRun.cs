using System.Collections.Immutable;

namespace DeepScale.Experiments.Sweeps;

/// <summary>What a collective sweep produced: a row per predicted collective, in sweep order, and the combinations
/// the model cannot predict (an algorithm that does not apply to the group), each with its reason.</summary>
public sealed record CollectiveSweepRun(CollectiveExperiment Experiment, ImmutableArray<CollectivePointRow> Rows, ImmutableArray<(string Point, string Reason)> Skipped);
