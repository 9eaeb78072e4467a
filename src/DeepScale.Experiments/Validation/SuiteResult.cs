using System.Collections.Immutable;

using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// What one validation suite produced: its rows (inputs, predicted, published), the rows it could not compare and
/// why, its target and the errors against it, the settings it chose where the source is silent, and which inputs
/// of the model were calibrated on what. Immutable; the error statistics are computed from the scored rows.
/// </summary>
public sealed record SuiteResult
{
    /// <summary>Suite name (<c>megatron-table1</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The source in one line.</summary>
    public required string Title { get; init; }

    /// <summary>The compared quantity with its unit ("achieved TFLOP/s per GPU").</summary>
    public required string Quantity { get; init; }

    /// <summary>The fidelity the scenarios ran at.</summary>
    public required Fidelity Fidelity { get; init; }

    /// <summary>Why the suite cannot run; empty when it ran.</summary>
    public string NotRunnableReason { get; init; } = "";

    /// <summary>The stand-in the suite runs on when the source's hardware or model is not expressible; empty when none.</summary>
    public string Substitution { get; init; } = "";

    /// <summary>The target; null for a suite that cannot run.</summary>
    public ValidationTarget? Target { get; init; }

    /// <summary>Which rows count toward the target ("every row", "rows at ≥ 64 MiB").</summary>
    public string Scope { get; init; } = "every row";

    /// <summary>Names of the input columns of <see cref="ValidationRow.Inputs"/>, in order.</summary>
    public ImmutableArray<string> InputColumns { get; init; } = [];

    /// <summary>Compared rows in reference-file order.</summary>
    public ImmutableArray<ValidationRow> Rows { get; init; } = [];

    /// <summary>Reference rows not compared, with the reason.</summary>
    public ImmutableArray<SkippedRow> Skipped { get; init; } = [];

    /// <summary>The settings the source does not give and the rule that fixed them, one per line.</summary>
    public ImmutableArray<string> Settings { get; init; } = [];

    /// <summary>Which model inputs were calibrated, and on what, one per line.</summary>
    public ImmutableArray<string> Calibration { get; init; } = [];

    /// <summary>The calibration in one line, for the README's summary table.</summary>
    public string CalibrationSummary { get; init; } = "";

    /// <summary>Known departures and observations (what is not modelled, rows that do not fit in memory), one per line.</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

    /// <summary>True when the suite ran (it may still miss its target).</summary>
    public bool Ran => NotRunnableReason.Length == 0;

    /// <summary>Rows counting toward the target.</summary>
    public IEnumerable<ValidationRow> ScoredRows => Rows.Where(r => r.Scored);

    /// <summary>Mean absolute percentage error of the scored rows; null without any.</summary>
    public double? MapePercent => ScoredRows.Any() ? ScoredRows.Average(r => Math.Abs(r.ErrorPercent)) : null;

    /// <summary>Largest absolute percentage error of a scored row; null without any.</summary>
    public double? MaxAbsErrorPercent => ScoredRows.Any() ? ScoredRows.Max(r => Math.Abs(r.ErrorPercent)) : null;

    /// <summary>The scored row with the largest absolute error (the first in file order on ties); null without any.</summary>
    public ValidationRow? WorstRow => ScoredRows.Any()
        ? ScoredRows.Aggregate((a, b) => Math.Abs(b.ErrorPercent) > Math.Abs(a.ErrorPercent) ? b : a)
        : null;

    /// <summary>The suite against its target: not runnable, failed (a row threw), above target, or within it.</summary>
    public SuiteVerdict Verdict
    {
        get
        {
            if (!Ran)
            {
                return SuiteVerdict.NotRunnable;
            }

            if (Skipped.Any(s => s.Kind == SkipKind.Failed))
            {
                return SuiteVerdict.Failed;
            }

            return Target is { } target && MapePercent is double mape && MaxAbsErrorPercent is double max && target.IsMetBy(mape, max)
                ? SuiteVerdict.MeetsTarget
                : SuiteVerdict.AboveTarget;
        }
    }

    /// <summary>
    /// True when <c>--check</c> must fail for this suite: a failed row, or errors above the target and, for a suite
    /// with a regression guard, above the guard.
    /// </summary>
    public bool FailsCheck => Verdict == SuiteVerdict.Failed
        || (Verdict == SuiteVerdict.AboveTarget
            && !(Target is { } t && MapePercent is double mape && MaxAbsErrorPercent is double max && t.IsWithinGuard(mape, max)));
}
