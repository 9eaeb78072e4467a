using DeepScale.Experiments.Results;

namespace DeepScale.Reporting.Inputs;

/// <summary>One line of a scaling chart: the same job at several GPU counts.</summary>
public sealed record RunSeries(string Label, IReadOnlyList<RunResult> Runs, ScalingKind Kind = ScalingKind.Strong)
{
    public string Label { get; } = string.IsNullOrWhiteSpace(Label)
        ? throw new ArgumentException("A series label must not be empty.", nameof(Label))
        : Label;

    public IReadOnlyList<RunResult> Runs { get; } = Runs ?? throw new ArgumentNullException(nameof(Runs));
}
