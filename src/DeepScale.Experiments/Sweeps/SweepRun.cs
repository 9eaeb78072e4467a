using System.Collections.Immutable;

namespace DeepScale.Experiments.Sweeps;

/// <summary>
/// What a sweep run produced: every finished point in sweep order (whatever order they completed in), the points
/// whose simulation failed, the points skipped (by the filter, or by a constraint found while running), and whether
/// the run stopped early (cancelled, or <see cref="SweepRunOptions.StopAfter"/> reached) with points left to run.
/// </summary>
/// <param name="Expansion">The expanded experiment.</param>
/// <param name="Results">Finished points, in sweep order.</param>
/// <param name="Failures">Points whose simulation threw, in sweep order.</param>
/// <param name="Skipped">Skipped points, in sweep order.</param>
/// <param name="Stopped">True when the run stopped before every valid point finished.</param>
public sealed record SweepRun(
    SweepExpansion Expansion,
    ImmutableArray<SweepPointResult> Results,
    ImmutableArray<SweepPointFailure> Failures,
    ImmutableArray<SweepPoint> Skipped,
    bool Stopped)
{
    /// <summary>Points simulated in this run.</summary>
    public int Simulated => Results.Count(r => !r.Reused);

    /// <summary>Points whose result was reused from an earlier run.</summary>
    public int Reused => Results.Count(r => r.Reused);

    /// <summary>True when every valid point finished without failure.</summary>
    public bool Complete => !Stopped && Failures.IsEmpty;
}
