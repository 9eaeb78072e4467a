using System.Collections.Immutable;

namespace DeepScale.Experiments.Spec;

/// <summary>The spellings a spec accepts for an enum option, and the enum value each one means.</summary>
/// <typeparam name="T">The enum.</typeparam>
internal sealed class ChoiceTable<T>
    where T : struct, Enum
{
    private readonly ImmutableArray<(string Spelling, T Value)> _entries;

    public ChoiceTable(params (string Spelling, T Value)[] entries) => _entries = [.. entries];

    /// <summary>The spellings in documentation order.</summary>
    public ImmutableArray<string> Spellings => [.. _entries.Select(e => e.Spelling)];

    /// <summary>Reads a spelling, ignoring case and surrounding blanks.</summary>
    public bool TryParse(string text, out T value)
    {
        string t = text.Trim();
        foreach ((string spelling, T v) in _entries)
        {
            if (string.Equals(spelling, t, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The spelling of a value.</summary>
    public string SpellingOf(T value)
    {
        foreach ((string spelling, T v) in _entries)
        {
            if (EqualityComparer<T>.Default.Equals(v, value))
            {
                return spelling;
            }
        }

        return value.ToString().ToLowerInvariant();
    }
}
