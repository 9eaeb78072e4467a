namespace DeepScale.Reporting.Markdown;

/// <summary>A markdown table column: its header (with the unit, "iteration time (s)"), alignment, and how many
/// significant digits its floating-point cells show.</summary>
public sealed record MarkdownColumn(string Header, MarkdownAlignment Alignment = MarkdownAlignment.Auto, int SignificantDigits = 4)
{
    public string Header { get; } = Header ?? throw new ArgumentNullException(nameof(Header));

    public int SignificantDigits { get; } = SignificantDigits is >= 1 and <= 15
        ? SignificantDigits
        : throw new ArgumentOutOfRangeException(nameof(SignificantDigits), SignificantDigits, "Significant digits must lie in [1, 15].");

    public static implicit operator MarkdownColumn(string header) => new(header);
}
