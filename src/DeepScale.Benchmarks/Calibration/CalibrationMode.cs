namespace DeepScale.Benchmarks.Calibration;

/// <summary>How much of the calibration pipeline a run performs.</summary>
public enum CalibrationMode
{
    /// <summary>Measure every host micro-kernel case with a short BenchmarkDotNet job, fit the host-cpu profile
    /// from the measured times, run the leave-one-out check and write every calibration file.</summary>
    Full,

    /// <summary>The CI form: one dry, in-process invocation of the smallest case of every benchmark class (its
    /// numbers are never fitted) to prove the benchmarks, the export and the parsing work, then a refit of the
    /// committed measurements to prove the committed calibration is intact. Writes no calibration file.</summary>
    Quick,

    /// <summary>No measurement: fit the committed measurement table again and rewrite the profile, the fit report
    /// and the leave-one-out check (for a change of the fitting code; the times stay those measured).</summary>
    Refit,
}
