namespace DeepScale.Reporting.Charts;

/// <summary>
/// The chart font is not installed. ScottPlot would still write a valid PNG, but without a single letter (no title,
/// labels, ticks or legend), so charts refuse to render instead.
/// </summary>
public sealed class MissingFontException : InvalidOperationException
{
    public MissingFontException(string family, IReadOnlyList<string> available)
        : base($"Font family '{family}' was not found, and charts would render without any text. "
            + (available.Count == 0 ? "No fonts were found at all. " : $"Fonts found: {string.Join(", ", available)}. ")
            + "Install it (Debian/Ubuntu: apt-get install fonts-dejavu-core) and rerun.")
    {
        Family = family;
    }

    public string Family { get; }
}
