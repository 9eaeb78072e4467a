using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// Loads a scenario spec (shared/DESIGN.md, "Spec contract"; every key in <see cref="SpecSchema"/>) into a
/// validated <see cref="Scenario"/>. Loading has three steps, each also available on its own: parse the YAML into a
/// <see cref="SpecDocument"/> (<see cref="ParseFile"/>, <see cref="ParseText"/>), apply overrides by field path
/// (<see cref="ApplyOverride(SpecDocument, string, SpecNode)"/>), and resolve presets and check every constraint
/// (<see cref="Resolve"/>). Every failure is a <see cref="SpecException"/> whose one-line message names the source,
/// the line and column of the offending node, the field path and the constraint.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Reads, parses and resolves a spec file. Files over <see cref="SpecLimits.MaxFileBytes"/> are refused unread.</summary>
    /// <param name="path">The spec file; messages name it as given.</param>
    /// <param name="catalog">Hardware catalog (the default catalog when null; pass one with a calibrated host-cpu).</param>
    public static Scenario LoadFile(string path, HardwareCatalog? catalog = null) => Resolve(ParseFile(path), catalog);

    /// <summary>Parses and resolves spec text; <paramref name="sourceName"/> names it in messages.</summary>
    public static Scenario LoadText(string text, string sourceName, HardwareCatalog? catalog = null) =>
        Resolve(ParseText(text, sourceName), catalog);

    /// <summary>Reads and parses a spec file without resolving it.</summary>
    public static SpecDocument ParseFile(string path) => SpecDocument.ReadFile(path);

    /// <summary>Parses spec text without resolving it.</summary>
    public static SpecDocument ParseText(string text, string sourceName) => SpecDocument.Parse(text, sourceName);

    /// <summary>Resolves a parsed (and possibly overridden) spec into a validated scenario.</summary>
    public static Scenario Resolve(SpecDocument spec, HardwareCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return ScenarioResolver.Resolve(spec, catalog ?? HardwareCatalog.Default);
    }

    /// <summary>
    /// Sets the field at <paramref name="fieldPath"/> (e.g. <c>parallelism.tensor</c>, <c>cluster.storage[0].kind</c>)
    /// to <paramref name="value"/>, creating missing sections. The path must be a field of <see cref="SpecSchema"/>;
    /// the value is checked when the spec is resolved, and errors point at the value's own position.
    /// </summary>
    public static SpecDocument ApplyOverride(SpecDocument spec, string fieldPath, SpecNode value)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(fieldPath);
        ArgumentNullException.ThrowIfNull(value);
        CheckFieldPath(fieldPath.Trim(), value.Position);
        return spec.With(fieldPath.Trim(), value);
    }

    /// <summary>Applies an override written as <c>field.path = value</c> (or <c>field.path=value</c>), as on a command line.</summary>
    public static SpecDocument ApplyOverride(SpecDocument spec, string assignment, string sourceName = "override")
    {
        ArgumentNullException.ThrowIfNull(assignment);
        int eq = assignment.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new SpecException(SpecErrorKind.Sweep, SpecText.OneLine(assignment).Length == 0 ? "(override)" : SpecText.Clip(assignment.Trim()),
                "an override is written field.path=value, e.g. parallelism.tensor=4", SpecPosition.InSource(sourceName));
        }

        string path = assignment[..eq].Trim();
        string text = assignment[(eq + 1)..];
        CheckFieldPath(path, SpecPosition.InSource(sourceName));
        SpecNode value;
        try
        {
            value = SpecDocument.ParseValue(text, sourceName);
        }
        catch (SpecException ex)
        {
            throw new SpecException(ex.Kind, path, ex.Constraint, ex.Position, ex);
        }

        return ApplyOverride(spec, path, value);
    }

    /// <summary>Throws unless <paramref name="fieldPath"/> names a field of the spec schema.</summary>
    public static void CheckFieldPath(string fieldPath, SpecPosition position)
    {
        if (SpecPath.TryParse(fieldPath) is null)
        {
            throw new SpecException(SpecErrorKind.Sweep, SpecPath.OrDocument(SpecText.Clip(fieldPath ?? "")),
                "is not a field path (keys joined by dots, e.g. parallelism.tensor)", position);
        }

        if (SpecSchema.Find(fieldPath) is null)
        {
            throw new SpecException(SpecErrorKind.Sweep, fieldPath,
                $"unknown field path; nearest: {string.Join(", ", SpecSchema.Nearest(fieldPath))}", position);
        }
    }
}
