namespace DeepScale.Core;

/// <summary>
/// A field of a scenario (model, cluster, parallelism, training) that violates a constraint. The message names
/// the field path and the constraint, e.g. <c>parallelism.tensor: 3 does not divide model.heads 96</c>, so the
/// spec loader can point at the YAML node it came from.
/// </summary>
public class SpecFieldException(string field, string constraint) : ArgumentException($"{field}: {constraint}")
{
    /// <summary>The field path, e.g. <c>parallelism.tensor</c>.</summary>
    public string Field { get; } = field;

    /// <summary>The violated constraint, as a sentence fragment.</summary>
    public string Constraint { get; } = constraint;
}
