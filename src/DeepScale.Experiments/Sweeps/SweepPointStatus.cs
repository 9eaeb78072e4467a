namespace DeepScale.Experiments.Sweeps;

/// <summary>The outcome of resolving one sweep point.</summary>
public enum SweepPointStatus
{
    /// <summary>The point resolved to a scenario and can run.</summary>
    Valid,

    /// <summary>The point violates a cross-field constraint and the sweep's filter skips it.</summary>
    Skipped,

    /// <summary>The point cannot be resolved; the experiment must not run.</summary>
    Invalid,
}
