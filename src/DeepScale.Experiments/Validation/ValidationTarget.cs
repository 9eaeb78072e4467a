using System.Globalization;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// The accuracy a validation suite must reach: a bound on the mean absolute percentage error (MAPE) of its scored
/// rows and, optionally, on the absolute error of every scored row, with where the bound comes from. Immutable.
/// </summary>
/// <param name="MaxMapePercent">Largest acceptable MAPE, in percent.</param>
/// <param name="MaxRowErrorPercent">Largest acceptable absolute error of any one scored row, in percent; null: no per-row bound.</param>
/// <param name="Origin">Who set the bound and why (the acceptance criterion, or the band the suite chose).</param>
public sealed record ValidationTarget(double MaxMapePercent, double? MaxRowErrorPercent, string Origin)
{
    /// <summary>
    /// The regression guard of a suite that does not meet its target yet: the committed accuracy (MAPE and worst
    /// row) with a small margin. <c>validate --check</c> fails when the suite gets worse than this, so the error can
    /// only go down; the guard is lowered as the model improves. Null when the target itself is enforced.
    /// </summary>
    public (double MapePercent, double? RowErrorPercent)? Guard { get; init; }

    /// <summary>True when both errors are within the guard (or within the target when there is no guard).</summary>
    public bool IsWithinGuard(double mapePercent, double maxAbsErrorPercent) => Guard is { } g
        ? mapePercent <= g.MapePercent && (g.RowErrorPercent is not double row || maxAbsErrorPercent <= row)
        : IsMetBy(mapePercent, maxAbsErrorPercent);

    /// <summary>True when both errors are within the bounds.</summary>
    public bool IsMetBy(double mapePercent, double maxAbsErrorPercent) =>
        mapePercent <= MaxMapePercent && (MaxRowErrorPercent is not double row || maxAbsErrorPercent <= row);

    /// <summary>"MAPE ≤ 3%, every row ≤ 6% (guard: MAPE ≤ 14%, every row ≤ 21%)".</summary>
    public string Describe() => Bounds(MaxMapePercent, MaxRowErrorPercent)
        + (Guard is { } g ? $" (CI guard: {Bounds(g.MapePercent, g.RowErrorPercent)})" : "");

    private static string Bounds(double mape, double? row) => row is double r
        ? string.Create(CultureInfo.InvariantCulture, $"MAPE ≤ {mape:0.##}%, every row ≤ {r:0.##}%")
        : string.Create(CultureInfo.InvariantCulture, $"MAPE ≤ {mape:0.##}%");
}
