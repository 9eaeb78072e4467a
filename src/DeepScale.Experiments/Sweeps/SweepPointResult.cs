using DeepScale.Experiments.Results;

namespace DeepScale.Experiments.Sweeps;

/// <summary>A finished sweep point: the point, its result, and whether the result was reused from an earlier run.</summary>
/// <param name="Point">The point (valid, with its scenario).</param>
/// <param name="Result">What the simulation produced (from an earlier run when <paramref name="Reused"/>).</param>
/// <param name="Reused">True when the result came from an earlier run's points.csv instead of a new simulation.</param>
public sealed record SweepPointResult(SweepPoint Point, RunResult Result, bool Reused);
