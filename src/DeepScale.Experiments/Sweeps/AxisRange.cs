using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Sweeps;

/// <summary>
/// A range axis, <c>{from, to, step}</c> (arithmetic, inclusive of <c>to</c> when it lands on it; integers, or decimals
/// such as <c>{from: 0, to: 0.1, step: 0.05}</c>, counted in decimal arithmetic so that no step drifts) or
/// <c>{from, to, factor}</c> (geometric over integers: 1, 2, 4, …), expanded to its values.
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
        if (range.Find("factor") is null && new[] { "from", "to", "step" }.Any(k => range.Find(k)?.Value is SpecScalar { Value: { } v } && IsDecimal(v)))
        {
            return ExpandDecimal(r, path, maxPoints, range.Position);
        }

        const long Limit = 1L << 40;
        long from = r.Integer("from", -Limit, Limit) ?? throw r.Missing("from", "the first value of the range");
        long to = r.Integer("to", -Limit, Limit) ?? throw r.Missing("to", "the last value of the range");
        long? step = r.Integer("step", 1, Limit);
        long? factor = r.Integer("factor", 2, 1024);
        if (step is not null && factor is not null)
        {
            throw r.Error("factor", "give either step or factor, not both", SpecErrorKind.Sweep);
        }

        if (factor is not long f)
        {
            return Arithmetic(r, path, maxPoints, range.Position, from, to, step ?? 1);
        }

        if (to < from)
        {
            throw r.Error("to", $"{to} is below from {from}", SpecErrorKind.Sweep);
        }

        if (from < 1)
        {
            throw r.Error("from", $"{from} must be at least 1 for a geometric range", SpecErrorKind.Sweep);
        }

        List<long> values = [];
        for (long v = from; v <= to; v *= f)
        {
            values.Add(v);
        }

        return [.. values.Select(v => (SpecNode)new SpecScalar(v.ToString(CultureInfo.InvariantCulture), false, range.Position))];
    }

    private static bool IsDecimal(string text) =>
        text.Contains('.', StringComparison.Ordinal) || text.Contains('e', StringComparison.OrdinalIgnoreCase);

    private static ImmutableArray<SpecNode> ExpandDecimal(SectionReader r, string path, int maxPoints, SpecPosition position)
    {
        const double Limit = 1e12;
        decimal from = (decimal)(r.Number("from", -Limit, Limit) ?? throw r.Missing("from", "the first value of the range"));
        decimal to = (decimal)(r.Number("to", -Limit, Limit) ?? throw r.Missing("to", "the last value of the range"));
        double? given = r.Number("step", 0, Limit);
        if (given is not > 0)
        {
            throw given is null
                ? r.Missing("step", "the step between values of a decimal range")
                : r.Error("step", $"{given.Value.ToString(CultureInfo.InvariantCulture)} must be positive", SpecErrorKind.Sweep);
        }

        return Arithmetic(r, path, maxPoints, position, from, to, (decimal)given.Value);
    }

    /// <summary>from, from + step, … up to to, in decimal arithmetic (integers stay integers: no step drifts).</summary>
    private static ImmutableArray<SpecNode> Arithmetic(SectionReader r, string path, int maxPoints, SpecPosition position, decimal from, decimal to, decimal step)
    {
        if (to < from)
        {
            throw r.Error("to", $"{to.ToString(CultureInfo.InvariantCulture)} is below from {from.ToString(CultureInfo.InvariantCulture)}", SpecErrorKind.Sweep);
        }

        decimal count = decimal.Floor((to - from) / step) + 1;
        if (count > maxPoints)
        {
            throw new SpecException(SpecErrorKind.Sweep, path,
                $"the range has {count.ToString(CultureInfo.InvariantCulture)} values, more than max_points {maxPoints.ToString(CultureInfo.InvariantCulture)}", position);
        }

        return [.. Enumerable.Range(0, (int)count)
            .Select(i => (SpecNode)new SpecScalar((from + (i * step)).ToString("0.############################", CultureInfo.InvariantCulture), false, position))];
    }
}
