namespace DeepScale.Experiments.Sweeps;

/// <summary>What a sweep does with points that violate a cross-field constraint (a shape that does not divide).</summary>
public enum SweepFilter
{
    /// <summary>Such a point is invalid, and the experiment with it (<c>filter: none</c>, the default).</summary>
    None,

    /// <summary>
    /// Such a point is skipped and reported as skipped (<c>filter: skip-invalid</c>). Only constraint violations are
    /// skipped; a wrong type, unit or unknown id in an axis is still an error.
    /// </summary>
    SkipInvalid,
}
