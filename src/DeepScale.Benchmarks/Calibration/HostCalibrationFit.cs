using DeepScale.Hardware.Catalog;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// The outcome of fitting the host profile: the profile (the simulator's CPU kernel model, written as the
/// <c>cpu_model</c> section of host-cpu.json), the facts it was fitted with, every case's residual, and
/// the parameters no measurement constrains at the fitted point (a 1% change of one moves no predicted time: it
/// went to zero, or every case that uses it is bound by something else); their values should not be trusted.
/// </summary>
public sealed record HostCalibrationFit(
    HostCpuCostProfile Profile,
    HostFacts Facts,
    IReadOnlyList<FitResidual> Residuals,
    IReadOnlyList<string> UnconstrainedParameters)
{
    /// <summary>The in-memory kernels' parameter vector in SI units (a warm start for refits).</summary>
    internal IReadOnlyList<double> ComputeVector { get; init; } = [];

    /// <summary>Root mean square of the relative errors, in percent.</summary>
    public double RmsErrorPercent => Residuals.Count == 0 ? 0 : Math.Sqrt(Residuals.Average(r => r.ErrorPercent * r.ErrorPercent));

    /// <summary>The largest relative error, in percent (absolute value).</summary>
    public double MaxAbsErrorPercent => Residuals.Count == 0 ? 0 : Residuals.Max(r => Math.Abs(r.ErrorPercent));
}
