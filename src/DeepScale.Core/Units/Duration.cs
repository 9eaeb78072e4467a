using System.Globalization;

namespace DeepScale.Core.Units;

/// <summary>
/// A span of simulated time, held as an integer count of ticks of 10 picoseconds.
/// </summary>
/// <remarks>
/// Why 10 ps: a 1 µs link latency is 100,000 ticks and one byte on a 900 GB/s NVLink (1.1 ps) is well under a
/// tick of error per transfer, while the signed 64-bit range (9.2·10^18 ticks = 9.2·10^7 s ≈ 2.9 years) holds a
/// six-month cluster trace with a margin of almost six. Picoseconds would overflow after 106 days and nanoseconds
/// would round a 64 KiB NVLink chunk (73 ns) by up to 0.7%. Integer ticks make sums exact and order total:
/// the clock never accumulates floating-point error.
/// </remarks>
public readonly record struct Duration(long Ticks) : IComparable<Duration>
{
    /// <summary>Ticks in one second (one tick is 10 ps).</summary>
    public const long TicksPerSecond = 100_000_000_000;

    /// <summary>Ticks in one nanosecond.</summary>
    public const long TicksPerNanosecond = 100;

    public static readonly Duration Zero = new(0);
    public static readonly Duration MaxValue = new(long.MaxValue);

    /// <summary>The duration in seconds, as a double (for reporting and for rates).</summary>
    public double Seconds => Ticks / (double)TicksPerSecond;

    public double Milliseconds => Ticks / (TicksPerSecond / 1e3);
    public double Microseconds => Ticks / (TicksPerSecond / 1e6);
    public double Nanoseconds => Ticks / (double)TicksPerNanosecond;

    /// <summary>Rounds seconds to the nearest tick. Throws for NaN, infinities and values beyond the tick range.</summary>
    public static Duration FromSeconds(double seconds) => new(CheckedTicks(Math.Round(seconds * TicksPerSecond), seconds));

    /// <summary>Rounds seconds up to the next tick: the form the kernel uses so a completion is never early.</summary>
    public static Duration FromSecondsCeiling(double seconds) => new(CheckedTicks(Math.Ceiling(seconds * TicksPerSecond), seconds));

    public static Duration FromPicoseconds(double ps) => FromSeconds(ps * 1e-12);
    public static Duration FromNanoseconds(double ns) => FromSeconds(ns * 1e-9);
    public static Duration FromMicroseconds(double us) => FromSeconds(us * 1e-6);
    public static Duration FromMilliseconds(double ms) => FromSeconds(ms * 1e-3);
    public static Duration FromMinutes(double minutes) => FromSeconds(minutes * 60);
    public static Duration FromHours(double hours) => FromSeconds(hours * 3600);
    public static Duration FromDays(double days) => FromSeconds(days * 86400);

    private static long CheckedTicks(double ticks, double seconds)
    {
        // One comparison rejects NaN (every comparison with NaN is false) and both infinities.
        if (!(Math.Abs(ticks) < long.MaxValue))
        {
            ThrowOutOfRange(seconds);
        }

        return (long)ticks;
    }

    private static void ThrowOutOfRange(double seconds) =>
        throw (double.IsFinite(seconds)
            ? new ClockRangeException(nameof(seconds), seconds, "A duration must be shorter than about 2.9 years (the range of 10 ps ticks).")
            : new ArgumentOutOfRangeException(nameof(seconds), seconds, "A duration must be finite."));

    public static Duration operator +(Duration a, Duration b) => new(checked(a.Ticks + b.Ticks));
    public static Duration operator -(Duration a, Duration b) => new(checked(a.Ticks - b.Ticks));
    public static Duration operator -(Duration a) => new(-a.Ticks);
    public static Duration operator *(Duration a, double factor) => FromSeconds(a.Seconds * factor);
    public static Duration operator *(double factor, Duration a) => FromSeconds(a.Seconds * factor);
    public static Duration operator *(Duration a, long factor) => new(checked(a.Ticks * factor));
    public static Duration operator /(Duration a, double divisor) => FromSeconds(a.Seconds / divisor);
    public static double operator /(Duration a, Duration b) => a.Ticks / (double)b.Ticks;
    public static bool operator <(Duration a, Duration b) => a.Ticks < b.Ticks;
    public static bool operator >(Duration a, Duration b) => a.Ticks > b.Ticks;
    public static bool operator <=(Duration a, Duration b) => a.Ticks <= b.Ticks;
    public static bool operator >=(Duration a, Duration b) => a.Ticks >= b.Ticks;

    public static Duration Max(Duration a, Duration b) => a.Ticks >= b.Ticks ? a : b;
    public static Duration Min(Duration a, Duration b) => a.Ticks <= b.Ticks ? a : b;

    public int CompareTo(Duration other) => Ticks.CompareTo(other.Ticks);

    /// <summary>Parses "2 us", "1.5 ms", "3 days", "90 s"; a bare number is an error (the unit is required).</summary>
    public static Duration Parse(string text)
    {
        (double number, string unit) = UnitParser.Split(text, "duration");
        double scale = unit switch
        {
            "ps" => 1e-12,
            "ns" => 1e-9,
            "us" or "µs" or "μs" => 1e-6,
            "ms" => 1e-3,
            "s" or "sec" or "second" or "seconds" => 1,
            "min" or "minute" or "minutes" => 60,
            "h" or "hr" or "hour" or "hours" => 3600,
            "d" or "day" or "days" => 86400,
            "week" or "weeks" => 7 * 86400,
            "" => throw new UnitFormatException(text, "duration", "a unit is required (ps, ns, us, ms, s, min, h, days)"),
            _ => throw new UnitFormatException(text, "duration", $"unknown unit '{unit}' (ps, ns, us, ms, s, min, h, days)"),
        };
        if (number < 0)
        {
            throw new UnitFormatException(text, "duration", "it is negative");
        }

        try
        {
            return FromSeconds(number * scale);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new UnitFormatException(text, "duration", "it is longer than about 2.9 years");
        }
    }

    /// <summary>Prints in the largest unit that keeps the number at least 1: "850 ns", "1.25 ms", "3.5 h".</summary>
    public override string ToString()
    {
        double s = Math.Abs(Seconds);
        string sign = Ticks < 0 ? "-" : "";
        return s switch
        {
            0 => "0 s",
            < 1e-9 => sign + UnitParser.Format(s * 1e12) + " ps",
            < 1e-6 => sign + UnitParser.Format(s * 1e9) + " ns",
            < 1e-3 => sign + UnitParser.Format(s * 1e6) + " us",
            < 1 => sign + UnitParser.Format(s * 1e3) + " ms",
            < 120 => sign + UnitParser.Format(s) + " s",
            < 7200 => sign + UnitParser.Format(s / 60) + " min",
            < 172800 => sign + UnitParser.Format(s / 3600) + " h",
            _ => sign + UnitParser.Format(s / 86400) + " days",
        };
    }

    /// <summary>Seconds with full precision, for machine output.</summary>
    public string ToSecondsString() => Seconds.ToString("R", CultureInfo.InvariantCulture);
}
