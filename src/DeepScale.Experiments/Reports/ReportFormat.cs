using System.Globalization;

namespace DeepScale.Experiments.Reports;

/// <summary>Numbers, durations and money as report text: invariant culture, three significant digits, units spelled out.</summary>
public static class ReportFormat
{
    private const double Minute = 60;
    private const double Hour = 3600;
    private const double Day = 86400;
    private const double Week = 7 * Day;

    /// <summary>Three significant digits, no thousands separators ("0.0123", "4.56", "1230"; "1.23e9" from a billion up).</summary>
    public static string Number(double value, int digits = 3)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A reported number must be finite.");
        }

        if (value == 0)
        {
            return "0";
        }

        double magnitude = Math.Abs(value);
        if (magnitude >= 1e9 || magnitude < 1e-3)
        {
            return value.ToString("0." + new string('#', digits - 1) + "e0", CultureInfo.InvariantCulture);
        }

        int exponent = (int)Math.Floor(Math.Log10(magnitude));
        int decimals = Math.Max(0, digits - 1 - exponent);
        return Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>A count: exact below a million, else "3e11", "1.5e6".</summary>
    public static string Count(double value) =>
        Math.Abs(value) < 1e6 && value == Math.Floor(value)
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("0.###e0", CultureInfo.InvariantCulture);

    /// <summary>A fraction in [0, 1] as a percentage with one decimal ("43.0%").</summary>
    public static string Percent(double fraction) => (100 * fraction).ToString("F1", CultureInfo.InvariantCulture) + "%";

    /// <summary>A ratio ("×3.41").</summary>
    public static string Ratio(double ratio) => "×" + Number(ratio);

    /// <summary>Money in US dollars ("$1.23", "$45,600" written "$45600").</summary>
    public static string Usd(double usd) => "$" + (usd >= 1000 ? Math.Round(usd).ToString("0", CultureInfo.InvariantCulture) : Number(usd));

    /// <summary>A duration in the unit that reads best: seconds, minutes, hours, days (weeks added from two weeks up).</summary>
    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "A duration must be finite and not negative.");
        }

        return seconds switch
        {
            < Minute => Number(seconds) + " s",
            < Hour => Number(seconds / Minute) + " min",
            < 2 * Day => Number(seconds / Hour) + " h",
            < 2 * Week => Number(seconds / Day) + " days",
            _ => $"{Number(seconds / Day)} days ({Number(seconds / Week)} weeks)",
        };
    }
}
