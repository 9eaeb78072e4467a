using System.Collections.Immutable;

using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Sweeps;

/// <summary>
/// One point of an expanded sweep: its index in the deterministic order, the fields it sets, and either the
/// resolved <see cref="Scenario"/> or the <see cref="SpecException"/> that makes it skipped or invalid.
/// </summary>
/// <param name="Index">0-based position in the sweep order.</param>
/// <param name="Assignments">Field values of this point, in axis order.</param>
/// <param name="Status">Valid, skipped or invalid.</param>
/// <param name="Scenario">The resolved scenario when valid.</param>
/// <param name="Error">Why the point is skipped or invalid.</param>
public sealed record SweepPoint(
    int Index,
    ImmutableArray<SweepAssignment> Assignments,
    SweepPointStatus Status,
    Scenario? Scenario,
    SpecException? Error)
{
    /// <summary>"cluster.nodes=2, parallelism.tensor=4".</summary>
    public string Label => string.Join(", ", Assignments.Select(a => a.ToString()));
}
