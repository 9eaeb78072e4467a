using DeepScale.Core.Units;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>The measured time of one invocation of a kernel case (BenchmarkDotNet's statistics over its iterations).</summary>
/// <param name="Case">The case measured.</param>
/// <param name="Mean">Mean time per invocation: the value the fit uses.</param>
/// <param name="Median">Median time per invocation.</param>
/// <param name="StandardDeviation">Standard deviation over the measured iterations.</param>
/// <param name="Samples">Measured iterations behind the statistics.</param>
/// <param name="ReferenceSlowdownPercent">How much slower than its fastest in the session the machine's reference kernel
/// ran around this measurement (<see cref="MachineSpeedProbe"/>), in percent; NaN when not checked.</param>
public sealed record KernelMeasurement(KernelCase Case, Duration Mean, Duration Median, Duration StandardDeviation, int Samples,
    double ReferenceSlowdownPercent = double.NaN)
{
    /// <summary>True when the reference kernel ran more than <see cref="MachineSpeedProbe.TolerancePercent"/> slower
    /// than its fastest around this measurement (a disturbed machine).</summary>
    public bool Disturbed => ReferenceSlowdownPercent > MachineSpeedProbe.TolerancePercent;

    /// <summary>Throws when a time is not positive or no sample stands behind it.</summary>
    public KernelMeasurement Validated()
    {
        ArgumentNullException.ThrowIfNull(Case);
        if (Mean <= Duration.Zero || Median <= Duration.Zero)
        {
            throw new ArgumentException($"measurement {Case}: mean {Mean} and median {Median} must be positive", nameof(Mean));
        }

        if (StandardDeviation < Duration.Zero || Samples < 1)
        {
            throw new ArgumentException($"measurement {Case}: standard deviation {StandardDeviation} must not be negative and samples {Samples} must be at least 1", nameof(Samples));
        }

        return this;
    }
}
