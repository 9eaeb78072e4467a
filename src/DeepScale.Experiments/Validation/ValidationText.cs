using System.Globalization;

namespace DeepScale.Experiments.Validation;

/// <summary>Invariant, stable text for numbers in validation CSVs and the README.</summary>
public static class ValidationText
{
    /// <summary>
    /// A value with at most six significant digits and no exponent inside [1e-6, 1e15) (e.g. 160.452, 0.0123457);
    /// round-trip form outside that range.
    /// </summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "only finite values are written");
        }

        double magnitude = Math.Abs(value);
        if (value == 0)
        {
            return "0";
        }

        if (magnitude is < 1e-6 or >= 1e15)
        {
            return value.ToString("R", CultureInfo.InvariantCulture);
        }

        int digits = 6 - 1 - (int)Math.Floor(Math.Log10(magnitude));
        double rounded = digits >= 0 ? Math.Round(value, Math.Min(digits, 15)) : Math.Round(value / Math.Pow(10, -digits)) * Math.Pow(10, -digits);
        return rounded.ToString("0.###############", CultureInfo.InvariantCulture);
    }

    /// <summary>A percentage with two decimals ("-3.25").</summary>
    public static string Percent(double value)
    {
        double rounded = Math.Round(value, 2);
        return (rounded == 0 ? 0.0 : rounded).ToString("0.00", CultureInfo.InvariantCulture);
    }

    /// <summary>An integer in the invariant culture.</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);
}
