namespace DeepScale.Experiments.Spec;

/// <summary>
/// Suggestions for a mistyped name: the valid names nearest by Levenshtein edit distance (insert, delete, substitute
/// each cost 1; a name containing the typed text counts as one edit away), ties broken alphabetically.
/// </summary>
internal static class NearestNames
{
    /// <summary>Up to <paramref name="count"/> valid names nearest to <paramref name="wanted"/>.</summary>
    public static IReadOnlyList<string> Find(string wanted, IEnumerable<string> valid, int count = 3)
    {
        string w = wanted.Trim().ToLowerInvariant();
        return [.. valid
            .Distinct(StringComparer.Ordinal)
            .Select(v => (Name: v, Distance: Distance(w, v.ToLowerInvariant())))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(x => x.Name)];
    }

    /// <summary>The single nearest name when it is close enough to be a likely typo, else null.</summary>
    public static string? Likely(string wanted, IEnumerable<string> valid)
    {
        string w = wanted.Trim().ToLowerInvariant();
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string v in valid.OrderBy(v => v, StringComparer.Ordinal))
        {
            int d = Distance(w, v.ToLowerInvariant());
            if (d < bestDistance)
            {
                best = v;
                bestDistance = d;
            }
        }

        return best is not null && bestDistance <= Math.Max(2, w.Length / 3) ? best : null;
    }

    /// <summary>
    /// Edit distance, except that a name containing the typed text counts as one edit ("a100" → "a100-sxm4-80gb"), and
    /// a name found inside the typed text as a whole word ("tensor_parallel" → "tensor") or containing its characters
    /// in order ("a100-80gb" → "a100-sxm4-80gb") counts as two.
    /// </summary>
    public static int Distance(string a, string b)
    {
        int edits = EditDistance(a, b);
        if (a.Length > 0 && b.Length > 0 && a != b)
        {
            if (b.Contains(a, StringComparison.Ordinal))
            {
                return Math.Min(edits, 1);
            }

            if ((b.Length >= 3 && ContainsWord(a, b)) || IsSubsequence(a, b))
            {
                return Math.Min(edits, 2);
            }
        }

        return edits;
    }

    private static int EditDistance(string a, string b)
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
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static bool IsSubsequence(string text, string name)
    {
        int i = 0;
        foreach (char c in name)
        {
            if (i < text.Length && text[i] == c)
            {
                i++;
            }
        }

        return i == text.Length;
    }

    private static bool ContainsWord(string text, string word)
    {
        for (int i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + 1, StringComparison.Ordinal))
        {
            int end = i + word.Length;
            bool before = i == 0 || !char.IsAsciiLetterOrDigit(text[i - 1]);
            bool after = end == text.Length || !char.IsAsciiLetterOrDigit(text[end]);
            if (before && after)
            {
                return true;
            }
        }

        return false;
    }
}
