using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

using DeepScale.Core.Units;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// Typed, strict reads of one section of a spec. Every read names the field path and the node's position when the
/// value has the wrong type, is out of range or carries the wrong unit; an absent key reads as null so callers
/// apply their documented default.
/// </summary>
internal sealed partial class SectionReader
{
    private readonly SpecMap? _map;

    public SectionReader(SpecMap? map, string path, SpecPosition position)
    {
        _map = map;
        Path = path;
        Position = position;
    }

    /// <summary>The section's field path ("" for the top level).</summary>
    public string Path { get; }

    /// <summary>Where the section was written (for errors about absent keys).</summary>
    public SpecPosition Position { get; }

    /// <summary>The keys written in this section.</summary>
    public IEnumerable<string> Keys => _map?.Keys ?? [];

    public SpecNode? Node(string key) => _map?.Find(key)?.Value;

    public bool Has(string key) => Node(key) is not null;

    public string FieldPath(string key) => SpecPath.Join(Path, key);

    public SpecException Error(string key, string constraint, SpecErrorKind kind = SpecErrorKind.Value) =>
        new(kind, FieldPath(key), constraint, Node(key)?.Position ?? Position);

    public SpecException Missing(string key, string what) =>
        new(SpecErrorKind.Missing, FieldPath(key), "required: " + what, Position);

    /// <summary>A nested section; an explicit null reads as an empty section.</summary>
    public SectionReader? Section(string key) => Node(key) switch
    {
        null => null,
        SpecMap m => new SectionReader(m, FieldPath(key), m.Position),
        SpecScalar { IsNull: true } s => new SectionReader(null, FieldPath(key), s.Position),
        SpecNode n => throw Error(key, $"expected a section (a mapping of keys), found {n.Describe()}", SpecErrorKind.Type),
    };

    public long? Integer(string key, long min, long max)
    {
        SpecScalar? s = Scalar(key, "an integer");
        if (s is null)
        {
            return null;
        }

        string text = s.Value!;
        if (s.Quoted || !IntegerPattern().IsMatch(text))
        {
            string hint = s.Quoted && IntegerPattern().IsMatch(text.Trim()) ? " (write numbers without quotes)" : "";
            throw Error(key, $"expected an integer, found {s.Describe()}{hint}", SpecErrorKind.Type);
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw Error(key, $"{SpecText.Clip(text)} is absurdly large (the limit is {Show(max)})");
        }

        return Range(key, value, min, max);
    }

    public int? Int(string key, int min, int max) => (int?)Integer(key, min, max);

    /// <summary>An unsigned 64-bit integer (a seed).</summary>
    public ulong? Unsigned(string key)
    {
        SpecScalar? s = Scalar(key, "an integer");
        if (s is null)
        {
            return null;
        }

        string text = s.Value!;
        if (s.Quoted || !IntegerPattern().IsMatch(text))
        {
            throw Error(key, $"expected an integer, found {s.Describe()}", SpecErrorKind.Type);
        }

        if (text.StartsWith('-'))
        {
            throw Error(key, $"{SpecText.Clip(text)} must be at least 0");
        }

        return ulong.TryParse(text.TrimStart('+'), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw Error(key, $"{SpecText.Clip(text)} exceeds the limit {ulong.MaxValue.ToString(CultureInfo.InvariantCulture)}");
    }

    public double? Number(string key, double min, double max)
    {
        SpecScalar? s = Scalar(key, "a number");
        if (s is null)
        {
            return null;
        }

        if (s.Quoted || !s.IsPlainNumber)
        {
            throw Error(key, $"expected a number, found {s.Describe()}", SpecErrorKind.Type);
        }

        string text = s.Value!.Replace("_", "", StringComparison.Ordinal);
        double value = text.TrimStart('+', '-') is ".nan" or ".NaN" or ".NAN" or "NaN" ? double.NaN
            : text.TrimStart('+', '-') is ".inf" or ".Inf" or ".INF" or "Infinity" ? (text.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity)
            : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            throw Error(key, $"{SpecText.Clip(s.Value!)} must be a finite number");
        }

        if (value < min)
        {
            throw Error(key, $"{Show(value)} must be at least {Show(min)}");
        }

        return value > max ? throw Error(key, $"{Show(value)} exceeds the limit {Show(max)}") : value;
    }

    public bool? Boolean(string key)
    {
        SpecScalar? s = Scalar(key, "true or false");
        if (s is null)
        {
            return null;
        }

        return s.IsPlainBoolean
            ? s.Value!.Equals("true", StringComparison.OrdinalIgnoreCase)
            : throw Error(key, $"expected true or false, found {s.Describe()}", SpecErrorKind.Type);
    }

    /// <summary>Text of any scalar style; blank text, and line breaks or control characters in single-line text, are errors.</summary>
    public string? Text(string key, int maxLength = SpecLimits.MaxTextLength, bool singleLine = true)
    {
        SpecScalar? s = Scalar(key, "text");
        if (s is null)
        {
            return null;
        }

        string text = s.Value!.Trim();
        if (text.Length == 0)
        {
            throw Error(key, "must not be blank");
        }

        if (singleLine && text.Any(char.IsControl))
        {
            throw Error(key, $"{SpecText.Quote(text)} must be one line without control characters");
        }

        return text.Length > maxLength
            ? throw Error(key, $"is {text.Length.ToString(CultureInfo.InvariantCulture)} characters long; the limit is {maxLength.ToString(CultureInfo.InvariantCulture)}")
            : text;
    }

    public T? Choice<T>(string key, ChoiceTable<T> table)
        where T : struct, Enum
    {
        SpecScalar? s = Scalar(key, "one of " + SpecText.OrList(table.Spellings));
        if (s is null)
        {
            return null;
        }

        if (table.TryParse(s.Value!, out T value))
        {
            return value;
        }

        string likely = NearestNames.Likely(s.Value!, table.Spellings) is string n ? $"; did you mean {n}?" : "";
        throw Error(key, $"unknown value {SpecText.Quote(s.Value!)}; expected {SpecText.OrList(table.Spellings)}{likely}", SpecErrorKind.UnknownId);
    }

    public Bytes? Size(string key, Bytes max) =>
        Unit(key, "a byte size such as \"80 GiB\"", Bytes.Parse, b => b.Count, max, allowZero: false);

    public ByteRate? Rate(string key, ByteRate max)
    {
        ByteRate? rate = Unit(key, "a byte rate such as \"100 GB/s\" or \"400 Gb/s\"", ByteRate.Parse, r => r.BytesPerSecond, max, allowZero: false);
        var min = new ByteRate(SpecLimits.MinBytesPerSecond);
        return rate is { } r && r < min ? throw Error(key, $"{r} is below the smallest rate simulated, {min}") : rate;
    }

    public Duration? Time(string key, Duration max, bool allowZero) =>
        Unit(key, "a duration such as \"5 ms\"", Duration.Parse, d => d.Ticks, max, allowZero);

    public ImmutableArray<long>? IntegerList(string key, long min, long max, int minCount, int maxCount)
    {
        SpecNode? node = Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is not SpecList list)
        {
            throw Error(key, $"expected a list of integers, found {node.Describe()}", SpecErrorKind.Type);
        }

        if (list.Items.Length < minCount || list.Items.Length > maxCount)
        {
            string count = minCount == maxCount ? $"exactly {minCount}" : $"{minCount} to {maxCount}";
            throw Error(key, $"has {list.Items.Length} items; expected {count}");
        }

        SpecMap items = new([.. list.Items.Select((n, i) => new SpecEntry(i.ToString(CultureInfo.InvariantCulture), n.Position, n))], list.Position);
        SectionReader reader = new(items, Path, list.Position);
        ImmutableArray<long>.Builder values = ImmutableArray.CreateBuilder<long>(list.Items.Length);
        for (int i = 0; i < list.Items.Length; i++)
        {
            try
            {
                values.Add(reader.Integer(i.ToString(CultureInfo.InvariantCulture), min, max)!.Value);
            }
            catch (SpecException ex)
            {
                throw new SpecException(ex.Kind, SpecPath.Item(FieldPath(key), i), ex.Constraint, ex.Position);
            }
        }

        return values.MoveToImmutable();
    }

    private SpecScalar? Scalar(string key, string expected)
    {
        SpecNode? node = Node(key);
        return node switch
        {
            null => null,
            SpecScalar { IsNull: true } => throw Error(key, $"has no value; expected {expected} (or remove the key)", SpecErrorKind.Type),
            SpecScalar s => s,
            _ => throw Error(key, $"expected {expected}, found {node.Describe()}", SpecErrorKind.Type),
        };
    }

    private T? Unit<T>(string key, string expected, Func<string, T> parse, Func<T, double> magnitude, T max, bool allowZero)
        where T : struct
    {
        SpecScalar? s = Scalar(key, expected);
        if (s is null)
        {
            return null;
        }

        T value;
        try
        {
            value = parse(s.Value!);
        }
        catch (UnitFormatException ex)
        {
            bool bare = s.IsPlainNumber || double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            throw Error(key, ex.Message, bare ? SpecErrorKind.Type : SpecErrorKind.Value);
        }

        double m = magnitude(value);
        if (m == 0 && !allowZero)
        {
            throw Error(key, $"{SpecText.Quote(s.Value!)} must be greater than zero");
        }

        return m > magnitude(max)
            ? throw Error(key, $"{SpecText.Quote(s.Value!)} exceeds the limit {max}")
            : value;
    }

    private long Range(string key, long value, long min, long max)
    {
        if (value < min)
        {
            throw Error(key, $"{Show(value)} must be at least {Show(min)}");
        }

        return value > max ? throw Error(key, $"{Show(value)} exceeds the limit {Show(max)}") : value;
    }

    private static string Show(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Show(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[-+]?\d+$")]
    private static partial Regex IntegerPattern();
}
