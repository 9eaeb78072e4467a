using DeepScale.Core.Units;

namespace DeepScale.Des.Monitoring;

/// <summary>
/// The time-weighted statistics of a piecewise-constant quantity (a resource's utilization, a queue's length):
/// its integral over time, mean, maximum and the time it was last changed. Resources update it only when one is
/// attached, so monitoring is off, and free, by default.
/// </summary>
public sealed class TimeWeightedMonitor
{
    private double _value;
    private long _lastTicks;
    private double _area;
    private readonly long _startTicks;

    public TimeWeightedMonitor(SimTime start, double initialValue = 0)
    {
        _startTicks = start.Ticks;
        _lastTicks = start.Ticks;
        _value = initialValue;
        Maximum = initialValue;
    }

    /// <summary>The current value.</summary>
    public double Current => _value;

    /// <summary>The largest value seen.</summary>
    public double Maximum { get; private set; }

    /// <summary>Records that the quantity changed to <paramref name="value"/> at <paramref name="now"/>.</summary>
    public void Update(SimTime now, double value)
    {
        if (now.Ticks < _lastTicks)
        {
            throw new ArgumentOutOfRangeException(nameof(now), now, "A monitor cannot be updated in the past.");
        }

        _area += _value * (now.Ticks - _lastTicks);
        _lastTicks = now.Ticks;
        _value = value;
        if (value > Maximum)
        {
            Maximum = value;
        }
    }

    /// <summary>The integral of the value over time up to <paramref name="now"/>, in value·seconds.</summary>
    public double Integral(SimTime now) =>
        (_area + (_value * Math.Max(0, now.Ticks - _lastTicks))) / Duration.TicksPerSecond;

    /// <summary>The time-weighted mean from the monitor's start to <paramref name="now"/> (the current value if no time passed).</summary>
    public double Mean(SimTime now)
    {
        long span = now.Ticks - _startTicks;
        return span <= 0 ? _value : Integral(now) * Duration.TicksPerSecond / span;
    }
}
