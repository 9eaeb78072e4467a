namespace DeepScale.Experiments.Reports;

/// <summary>One configuration of a planned bar or scatter chart: its label and the index of its point.</summary>
public sealed record PlannedBar(string Label, int Point);
