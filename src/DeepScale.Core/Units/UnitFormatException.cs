namespace DeepScale.Core.Units;

/// <summary>A quantity string that cannot be read as the quantity asked for; the message quotes the string.</summary>
public sealed class UnitFormatException(string text, string quantity, string reason)
    : FormatException($"'{text}' is not a valid {quantity}: {reason}")
{
    /// <summary>The text that failed to parse.</summary>
    public string Text { get; } = text;

    /// <summary>The quantity that was expected, e.g. "byte size" or "byte rate".</summary>
    public string Quantity { get; } = quantity;
}
