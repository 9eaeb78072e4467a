using System.Text;

namespace DeepScale.Experiments.Spec;

/// <summary>Text helpers for error messages and canonical output: quoting, clipping, one-line sanitizing.</summary>
internal static class SpecText
{
    /// <summary>Longest quoted value shown in a message.</summary>
    private const int MaxShown = 60;

    /// <summary>The value in double quotes, clipped and with control characters escaped.</summary>
    public static string Quote(string value) => "\"" + Clip(value) + "\"";

    /// <summary>The value clipped to <see cref="MaxShown"/> characters, control characters shown as escapes.</summary>
    public static string Clip(string value)
    {
        StringBuilder sb = new(Math.Min(value.Length, MaxShown) + 8);
        foreach (char c in value)
        {
            if (sb.Length >= MaxShown)
            {
                sb.Append('…');
                break;
            }

            if (c == '\n')
            {
                sb.Append("\\n");
            }
            else if (c == '\t')
            {
                sb.Append("\\t");
            }
            else if (char.IsControl(c))
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>The text on one line: every run of control characters and whitespace becomes one space.</summary>
    public static string OneLine(string text)
    {
        StringBuilder sb = new(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>A mapping key in canonical text: bare when it is a plain name, quoted otherwise.</summary>
    public static string CanonicalKey(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
            ? key
            : new SpecScalar(key, true, default).ToCanonicalText();

    /// <summary>"a, b or c".</summary>
    public static string OrList(IEnumerable<string> items)
    {
        List<string> list = [.. items];
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + " or " + list[^1],
        };
    }
}
