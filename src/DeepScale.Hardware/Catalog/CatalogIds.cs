using System.Text;

namespace DeepScale.Hardware.Catalog;

/// <summary>
/// Catalog identifiers: lowercase-kebab names derived from the source names, and the nearest-id suggestions shown
/// when a lookup fails (Levenshtein edit distance).
/// </summary>
public static class CatalogIds
{
    /// <summary>
    /// Lowercase-kebab form of a display name: letters and digits kept, every other run becomes one hyphen
    /// ("NVIDIA A100 SXM4 80GB" without its vendor prefix becomes <c>a100-sxm4-80gb</c>).
    /// </summary>
    public static string ToKebab(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder sb = new(text.Length);
        bool pendingHyphen = false;
        foreach (char ch in text)
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                if (pendingHyphen && sb.Length > 0)
                {
                    sb.Append('-');
                }

                pendingHyphen = false;
                sb.Append(char.ToLowerInvariant(ch));
            }
            else
            {
                pendingHyphen = true;
            }
        }

        return sb.ToString();
    }

    /// <summary>True when <paramref name="id"/> is non-empty lowercase-kebab (a-z, 0-9, single hyphens inside).</summary>
    public static bool IsKebab(string id) =>
        id.Length > 0 && id == ToKebab(id);

    /// <summary>Levenshtein edit distance between two strings (insert, delete, substitute each cost 1).</summary>
    public static int EditDistance(string a, string b)
    {
        int[] previous = new int[b.Length + 1];
        int[] current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>
    /// The valid ids nearest to <paramref name="wanted"/>: smallest edit distance first, ids that contain the wanted
    /// text ranked as if one edit away, ties broken alphabetically.
    /// </summary>
    public static IReadOnlyList<string> Nearest(string wanted, IEnumerable<string> valid, int count = 3)
    {
        string w = ToKebab(wanted);
        return [.. valid
            .Select(id => (Id: id, Distance: w.Length > 0 && id.Contains(w, StringComparison.Ordinal)
                ? Math.Min(1, EditDistance(w, id))
                : EditDistance(w, id)))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Id, StringComparer.Ordinal)
            .Take(count)
            .Select(x => x.Id)];
    }
}
