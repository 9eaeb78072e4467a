using DeepScale.Core.Units;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>One case of the leave-one-out check: its measured time and the time predicted by the profile fitted
/// without it (null when the remaining cases cannot fit that part of the profile; <see cref="Note"/> says why).</summary>
public sealed record LeaveOneOutRow(KernelCase Case, Duration Measured, Duration? Predicted, string Note)
{
    /// <summary>100 · (predicted − measured) / measured; NaN when nothing was predicted.</summary>
    public double ErrorPercent => Predicted is { } p ? 100 * ((p / Measured) - 1) : double.NaN;

    /// <summary>True when the prediction is within <paramref name="percent"/> of the measurement.</summary>
    public bool Within(double percent) => Math.Abs(ErrorPercent) <= percent;
}
