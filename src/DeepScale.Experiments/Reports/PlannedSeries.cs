using System.Collections.Immutable;

namespace DeepScale.Experiments.Reports;

/// <summary>One line of a planned chart: its legend label and the indices of its points (in report order).</summary>
public sealed record PlannedSeries(string Label, ImmutableArray<int> Points);
