namespace DeepScale.Reporting.Markdown;

/// <summary>How a markdown table column aligns its cells.</summary>
public enum MarkdownAlignment
{
    /// <summary>Right when every cell of the column is a number, left otherwise.</summary>
    Auto,
    Left,
    Right,
    Center,
}
