namespace DeepScale.Experiments.Sweeps;

/// <summary>How far a sweep has come, reported after each point finishes.</summary>
/// <param name="Finished">Points finished so far, reused ones included.</param>
/// <param name="Total">Points to finish (the valid points).</param>
/// <param name="Reused">Points whose result came from an earlier run.</param>
/// <param name="Failed">Points whose simulation failed.</param>
/// <param name="Last">The point that just finished (null for the report of reused points at the start).</param>
public sealed record SweepProgress(int Finished, int Total, int Reused, int Failed, SweepPoint? Last);
