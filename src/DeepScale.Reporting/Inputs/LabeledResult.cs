using DeepScale.Experiments.Results;

namespace DeepScale.Reporting.Inputs;

/// <summary>One simulated configuration and the short label a report shows for it ("tp8-pp4", "p4d.24xlarge ×16").</summary>
public sealed record LabeledResult(string Label, RunResult Result)
{
    public string Label { get; } = string.IsNullOrWhiteSpace(Label)
        ? throw new ArgumentException("A result label must not be empty.", nameof(Label))
        : Label;

    public RunResult Result { get; } = Result ?? throw new ArgumentNullException(nameof(Result));
}
