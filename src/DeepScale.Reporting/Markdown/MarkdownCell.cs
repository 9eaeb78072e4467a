using System.Globalization;

namespace DeepScale.Reporting.Markdown;

/// <summary>One cell of a markdown table: text, an integer, or a floating-point number that the column formats
/// with its significant digits. Strings, integers, doubles and booleans convert implicitly.</summary>
public readonly record struct MarkdownCell
{
    private MarkdownCell(string? text, long? integer, double? number)
    {
        Text = text;
        Integer = integer;
        Number = number;
    }

    public string? Text { get; }

    public long? Integer { get; }

    public double? Number { get; }

    public bool IsNumeric => Integer is not null || Number is not null;

    public static MarkdownCell FromText(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), null, null);

    public static MarkdownCell FromInteger(long value) => new(null, value, null);

    public static MarkdownCell FromNumber(double value) => new(null, null, value);

    public static implicit operator MarkdownCell(string text) => FromText(text);

    public static implicit operator MarkdownCell(int value) => FromInteger(value);

    public static implicit operator MarkdownCell(long value) => FromInteger(value);

    public static implicit operator MarkdownCell(double value) => FromNumber(value);

    public static implicit operator MarkdownCell(bool value) => FromText(value ? "yes" : "no");

    public override string ToString() =>
        Text ?? Integer?.ToString(CultureInfo.InvariantCulture) ?? Number?.ToString("R", CultureInfo.InvariantCulture) ?? "";
}
