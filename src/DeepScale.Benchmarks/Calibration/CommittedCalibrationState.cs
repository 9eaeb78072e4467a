namespace DeepScale.Benchmarks.Calibration;

/// <summary>What quick mode found when it checked the committed calibration.</summary>
public enum CommittedCalibrationState
{
    /// <summary>Not checked (full and refit modes).</summary>
    NotChecked,

    /// <summary>A refit of the committed measurements reproduces the committed host-cpu.json exactly.</summary>
    Reproduced,

    /// <summary>The committed files are readable, but a refit gives a different host-cpu.json (the fitting code
    /// changed since the calibration was committed: run the refit mode).</summary>
    Differs,

    /// <summary>host-cpu.json is loadable, but the measurements or the fit report behind it are missing or
    /// unreadable, so it cannot be checked.</summary>
    Unverifiable,

    /// <summary>host-cpu.json is missing: the catalog's host-cpu falls back to the placeholder.</summary>
    Missing,

    /// <summary>host-cpu.json cannot be read: the catalog's host-cpu falls back to the placeholder.</summary>
    Corrupt,
}
