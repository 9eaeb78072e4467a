using System.Globalization;

namespace DeepScale.Core.Units;

/// <summary>
/// Splits a quantity written as text ("80 GiB", "3.35 TB/s", "2 us") into its number and its unit symbol.
/// Every unit type parses through here, so all of them accept the same number syntax (invariant culture,
/// optional exponent, optional space before the unit) and fail with the same kind of message.
/// </summary>
public static class UnitParser
{
    /// <summary>Splits <paramref name="text"/> into a finite number and a unit symbol (empty when absent).</summary>
    public static (double Number, string Unit) Split(string text, string quantity)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim();
        int i = 0;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            i++;
        }

        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.' || s[i] == '_' || s[i] == ','))
        {
            i++;
        }

        // Exponent: "1e9", "2.5E-3". An 'e' followed by a letter belongs to the unit ("3 EiB").
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            int j = i + 1;
            if (j < s.Length && (s[j] == '+' || s[j] == '-'))
            {
                j++;
            }

            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                while (j < s.Length && char.IsAsciiDigit(s[j]))
                {
                    j++;
                }

                i = j;
            }
        }

        if (!GroupedInThousands(s.AsSpan(0, i)))
        {
            throw new UnitFormatException(text, quantity,
                "its digits are grouped wrongly (',' and '_' separate thousands: 1,000 or 1_000; a decimal point is '.')");
        }

        string numberText = s[..i].Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        string unit = s[i..].Trim();
        if (numberText.Length == 0 || !double.TryParse(numberText, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
        {
            throw new UnitFormatException(text, quantity, "it does not start with a number");
        }

        if (!double.IsFinite(number))
        {
            throw new UnitFormatException(text, quantity, "the number is not finite");
        }

        // "-0" is zero: no negative zero reaches a result or a CSV cell.
        return (number == 0 ? 0 : number, unit);
    }

    /// <summary>
    /// True when the separators ',' and '_' of a number's integer part split it into groups of three digits after the
    /// first ("1,000,000", "1_000"), and its fraction has no ','. "1,5" (a decimal comma) is not a thousands grouping.
    /// </summary>
    private static bool GroupedInThousands(ReadOnlySpan<char> number)
    {
        int exponent = number.IndexOfAny('e', 'E');
        ReadOnlySpan<char> mantissa = exponent >= 0 ? number[..exponent] : number;
        int point = mantissa.IndexOf('.');
        ReadOnlySpan<char> integer = point >= 0 ? mantissa[..point] : mantissa;
        if (point >= 0 && mantissa[(point + 1)..].Contains(','))
        {
            return false;
        }

        int separator = integer.IndexOfAny(',', '_');
        if (separator < 0)
        {
            return true;
        }

        int digitsBefore = integer[..separator].TrimStart("+-").Length;
        if (digitsBefore is < 1 or > 3)
        {
            return false;
        }

        int run = -1;
        foreach (char c in integer[separator..])
        {
            if (c is ',' or '_')
            {
                if (run is not (-1 or 3))
                {
                    return false;
                }

                run = 0;
            }
            else
            {
                run++;
            }
        }

        return run == 3;
    }

    /// <summary>
    /// <paramref name="number"/> × <paramref name="scale"/>, the quantity in its base unit; refused when the product
    /// overflows to infinity ("1e308 PiB"), which a finite number and a finite scale can still do.
    /// </summary>
    public static double Scale(string text, string quantity, double number, double scale)
    {
        double value = number * scale;
        return double.IsFinite(value) ? value : throw new UnitFormatException(text, quantity, "it is too large");
    }

    /// <summary>Formats a number with up to <paramref name="significant"/> significant digits, invariant culture.</summary>
    public static string Format(double value, int significant = 4)
    {
        if (value == 0)
        {
            return "0";
        }

        double magnitude = Math.Floor(Math.Log10(Math.Abs(value)));
        int decimals = Math.Clamp(significant - 1 - (int)magnitude, 0, 12);
        return Math.Round(value, decimals).ToString("0.############", CultureInfo.InvariantCulture);
    }
}
