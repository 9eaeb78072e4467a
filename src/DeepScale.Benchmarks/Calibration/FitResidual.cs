using DeepScale.Core.Units;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>One case's measured time next to the time the fitted profile gives it.</summary>
public sealed record FitResidual(KernelCase Case, Duration Measured, Duration Fitted)
{
    /// <summary>100 · (fitted − measured) / measured.</summary>
    public double ErrorPercent => 100 * ((Fitted / Measured) - 1);
}
