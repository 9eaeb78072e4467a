namespace DeepScale.Experiments.Spec;

/// <summary>
/// A spec or experiment that cannot be loaded. The message is one line,
/// <c>spec.yaml:12:5: parallelism.tensor: 3 does not divide model.heads 96</c>: the source, the line and column of
/// the YAML node when there is one, the field path, and the violated constraint.
/// </summary>
public sealed class SpecException : Exception
{
    /// <summary>Creates the exception; <paramref name="constraint"/> is flattened to one line.</summary>
    public SpecException(SpecErrorKind kind, string field, string constraint, SpecPosition position, Exception? inner = null)
        : base(Format(field, constraint, position), inner)
    {
        Kind = kind;
        Field = field;
        Constraint = SpecText.OneLine(constraint);
        Position = position;
    }

    /// <summary>What kind of mistake this is.</summary>
    public SpecErrorKind Kind { get; }

    /// <summary>The field path, e.g. <c>parallelism.tensor</c> or <c>cluster.storage[1].kind</c>; <c>(file)</c> or
    /// <c>(document)</c> for errors about the whole text.</summary>
    public string Field { get; }

    /// <summary>The violated constraint, without the position and field.</summary>
    public string Constraint { get; }

    /// <summary>Where the offending value was written.</summary>
    public SpecPosition Position { get; }

    /// <summary>The source name (file name as given, or "override").</summary>
    public string SourceName => Position.Source;

    /// <summary>1-based line of the YAML node; 0 when the error is not at a node.</summary>
    public int Line => Position.Line;

    /// <summary>1-based column of the YAML node; 0 when the error is not at a node.</summary>
    public int Column => Position.Column;

    /// <summary>The same error with more context appended to the constraint (e.g. which sweep point).</summary>
    public SpecException WithContext(string context) =>
        new(Kind, Field, Constraint + " " + context, Position, this);

    private static string Format(string field, string constraint, SpecPosition position) =>
        SpecText.OneLine($"{position}: {field}: {constraint}");
}
