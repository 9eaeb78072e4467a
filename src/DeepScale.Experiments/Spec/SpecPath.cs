using System.Collections.Immutable;
using System.Globalization;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// Field paths: keys joined by dots, list items by index in brackets (<c>cluster.storage[1].kind</c>).
/// </summary>
internal static class SpecPath
{
    /// <summary>One step of a path: a mapping key, or a list index when <see cref="Index"/> is not null.</summary>
    public readonly record struct Segment(string Key, int? Index);

    /// <summary>"parent.key", or "key" at the top; a key that is empty or holds blanks, dots or brackets is shown quoted.</summary>
    public static string Join(string parent, string key)
    {
        string shown = key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '.' or '[' or ']' or '"')
            ? SpecText.Quote(key)
            : key;
        return parent.Length == 0 ? shown : parent + "." + shown;
    }

    /// <summary>"parent[index]".</summary>
    public static string Item(string parent, int index) => parent + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>The path, or "(document)" for the root.</summary>
    public static string OrDocument(string path) => path.Length == 0 ? "(document)" : path;

    /// <summary>The parent of a path ("" for a top-level key).</summary>
    public static string Parent(string path)
    {
        int bracket = path.EndsWith(']') ? path.LastIndexOf('[') : -1;
        int dot = path.LastIndexOf('.');
        int cut = Math.Max(bracket, dot);
        return cut <= 0 ? "" : path[..cut];
    }

    /// <summary>The path with list indices removed (<c>cluster.storage[1].kind</c> → <c>cluster.storage.kind</c>).</summary>
    public static string WithoutIndices(string path)
    {
        System.Text.StringBuilder sb = new(path.Length);
        bool inIndex = false;
        foreach (char c in path)
        {
            if (c == '[')
            {
                inIndex = true;
            }
            else if (c == ']')
            {
                inIndex = false;
            }
            else if (!inIndex)
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Splits a path into segments; null when it is malformed (empty keys, bad indices).</summary>
    public static ImmutableArray<Segment>? TryParse(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        ImmutableArray<Segment>.Builder segments = ImmutableArray.CreateBuilder<Segment>();
        foreach (string part in path.Trim().Split('.'))
        {
            string key = part;
            int open = part.IndexOf('[', StringComparison.Ordinal);
            if (open >= 0)
            {
                key = part[..open];
            }

            if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c == ']'))
            {
                return null;
            }

            segments.Add(new Segment(key, null));
            while (open >= 0)
            {
                int close = part.IndexOf(']', open);
                if (close < 0 || !int.TryParse(part.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                {
                    return null;
                }

                segments.Add(new Segment("", index));
                open = close + 1 < part.Length ? (part[close + 1] == '[' ? close + 1 : -2) : -1;
                if (open == -2)
                {
                    return null;
                }
            }
        }

        return segments.ToImmutable();
    }
}
