using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Sweeps;

/// <summary>
/// An integer range axis, <c>{from, to, step}</c> (arithmetic, inclusive of <c>to</c> when it lands on it) or
/// <c>{from, to, factor}</c> (geometric: 1, 2, 4, …), expanded to its values.
/// </summary>
internal static class AxisRange
{
    private static readonly string[] s_keys = ["from", "to", "step", "factor"];

    public static ImmutableArray<SpecNode> Expand(SpecMap range, string path, int maxPoints)
    {
        foreach (SpecEntry e in range.Entries)
        {
            if (!s_keys.Contains(e.Key))
            {
                throw SchemaValidator.UnknownKey(path, e.Key, s_keys, e.KeyPosition);
            }
        }

        SectionReader r = new(range, path, range.Position);
        const long Limit = 1L << 40;
        long from = r.Integer("from", -Limit, Limit) ?? throw r.Missing("from", "the first value of the range");
        long to = r.Integer("to", -Limit, Limit) ?? throw r.Missing("to", "the last value of the range");
        long? step = r.Integer("step", 1, Limit);
        long? factor = r.Integer("factor", 2, 1024);
        if (step is not null && factor is not null)
        {
            throw r.Error("factor", "give either step or factor, not both", SpecErrorKind.Sweep);
        }

        if (to < from)
        {
            throw r.Error("to", $"{to} is below from {from}", SpecErrorKind.Sweep);
        }

        List<long> values = [];
        if (factor is long f)
        {
            if (from < 1)
            {
                throw r.Error("from", $"{from} must be at least 1 for a geometric range", SpecErrorKind.Sweep);
            }

            for (long v = from; v <= to; v *= f)
            {
                values.Add(v);
            }
        }
        else
        {
            long s = step ?? 1;
            long count = ((to - from) / s) + 1;
            if (count > maxPoints)
            {
                throw new SpecException(SpecErrorKind.Sweep, path,
                    $"the range has {count.ToString(CultureInfo.InvariantCulture)} values, more than max_points {maxPoints.ToString(CultureInfo.InvariantCulture)}", range.Position);
            }

            for (long v = from; v <= to; v += s)
            {
                values.Add(v);
            }
        }

        return [.. values.Select(v => (SpecNode)new SpecScalar(v.ToString(CultureInfo.InvariantCulture), false, range.Position))];
    }
}
