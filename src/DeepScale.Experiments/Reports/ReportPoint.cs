using System.Collections.Immutable;

using DeepScale.Experiments.Results;

namespace DeepScale.Experiments.Reports;

/// <summary>One finished point as a report reads it: its position in the sweep, its axis values and its result.</summary>
/// <param name="Index">0-based position among the finished points, in sweep order.</param>
/// <param name="Axes">The axis values in axis order.</param>
/// <param name="Result">The result record.</param>
public sealed record ReportPoint(int Index, ImmutableArray<AxisText> Axes, RunResult Result)
{
    /// <summary>The value of axis <paramref name="field"/>, or null when the sweep has no such axis.</summary>
    public string? ValueOf(string field) => Axes.FirstOrDefault(a => a.Field == field)?.Value;
}
