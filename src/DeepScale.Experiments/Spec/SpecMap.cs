using System.Collections.Immutable;

namespace DeepScale.Experiments.Spec;

/// <summary>A YAML mapping in a spec tree: entries in the order written, keys unique.</summary>
/// <param name="Entries">The entries in order.</param>
/// <param name="Position">Where the mapping starts.</param>
public sealed record SpecMap(ImmutableArray<SpecEntry> Entries, SpecPosition Position) : SpecNode(Position)
{
    /// <summary>The keys in the order written.</summary>
    public IEnumerable<string> Keys => Entries.Select(e => e.Key);

    /// <summary>The entry with this key, or null.</summary>
    public SpecEntry? Find(string key)
    {
        foreach (SpecEntry e in Entries)
        {
            if (string.Equals(e.Key, key, StringComparison.Ordinal))
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/> (replaced in place, or appended).</summary>
    public SpecMap With(string key, SpecNode value, SpecPosition keyPosition)
    {
        for (int i = 0; i < Entries.Length; i++)
        {
            if (string.Equals(Entries[i].Key, key, StringComparison.Ordinal))
            {
                return this with { Entries = Entries.SetItem(i, Entries[i] with { Value = value }) };
            }
        }

        return this with { Entries = Entries.Add(new SpecEntry(key, keyPosition, value)) };
    }

    /// <inheritdoc/>
    public override string Describe() => "a section (a mapping of keys)";

    /// <inheritdoc/>
    public override string ToCanonicalText() =>
        "{" + string.Join(", ", Entries.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => SpecText.CanonicalKey(e.Key) + ": " + e.Value.ToCanonicalText())) + "}";
}
