using System.Globalization;

namespace DeepScale.Reporting.Formatting;

/// <summary>
/// Number text for people (tables, chart labels): invariant culture, no thousands separators, a fixed number of
/// significant digits, and scientific notation ("1.235e6", "2.50e-4") outside [1e-3, 1e6).
/// </summary>
public static class InvariantNumber
{
    private const double SmallestFixed = 1e-3;
    private const double LargestFixed = 1e6;

    /// <summary>Rounds to <paramref name="significantDigits"/> significant digits, keeping trailing zeros
    /// ("0.4500" at four digits) so a column shows its precision.</summary>
    public static string Format(double value, int significantDigits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(significantDigits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(significantDigits, 15);
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A reported number must be finite.");
        }

        if (value == 0)
        {
            return "0";
        }

        double magnitude = Math.Abs(value);
        if (magnitude is < SmallestFixed or >= LargestFixed)
        {
            string mantissa = significantDigits == 1 ? "0" : "0." + new string('0', significantDigits - 1);
            return value.ToString(mantissa + "e0", CultureInfo.InvariantCulture);
        }

        int exponent = (int)Math.Floor(Math.Log10(magnitude));
        int decimals = Math.Max(0, significantDigits - 1 - exponent);
        double rounded = Math.Round(magnitude, decimals, MidpointRounding.AwayFromZero);
        if (decimals > 0 && rounded >= Math.Pow(10, exponent + 1))
        {
            decimals--;
        }

        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>The shortest text that reads well as an axis tick: "0.25", "1024", "50k", "2.5M", "1e9", "2e-4".</summary>
    public static string Tick(double value)
    {
        if (!double.IsFinite(value))
        {
            return "";
        }

        double magnitude = Math.Abs(value);
        return magnitude switch
        {
            < 1e-12 => "0",
            < SmallestFixed or >= 1e9 => value.ToString("0.###e0", CultureInfo.InvariantCulture),
            >= LargestFixed => (value / 1e6).ToString("0.###", CultureInfo.InvariantCulture) + "M",
            >= 1e4 => (value / 1e3).ToString("0.###", CultureInfo.InvariantCulture) + "k",
            _ => value.ToString("0.######", CultureInfo.InvariantCulture),
        };
    }
}
