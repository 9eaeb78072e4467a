using System.Globalization;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// Where a spec value was written: the source (a file name as the user typed it, or "override") and the 1-based
/// line and column of its YAML node. Line 0 means the value has no node (a file-level error, or a default).
/// </summary>
/// <param name="Source">File name or other origin of the text.</param>
/// <param name="Line">1-based line; 0 when unknown.</param>
/// <param name="Column">1-based column; 0 when unknown.</param>
public readonly record struct SpecPosition(string Source, int Line, int Column)
{
    /// <summary>True when the position names a line and column.</summary>
    public bool IsKnown => Line > 0;

    /// <summary>A position that names only the source.</summary>
    public static SpecPosition InSource(string source) => new(source, 0, 0);

    /// <summary>"spec.yaml:12:5", or just "spec.yaml" when the line is unknown.</summary>
    public override string ToString() => IsKnown
        ? string.Create(CultureInfo.InvariantCulture, $"{Source}:{Line}:{Column}")
        : Source;
}
