namespace DeepScale.Workloads.Models;

/// <summary>
/// A model, accounting option or strategy field that violates a constraint. The message names the field path and
/// the constraint, e.g. <c>model.hidden: 1000 is not divisible by heads 96</c>.
/// </summary>
public sealed class WorkloadSpecException(string field, string constraint)
    : ArgumentException($"{field}: {constraint}")
{
    /// <summary>The field path, e.g. <c>model.heads</c> or <c>parallelism.tensor</c>.</summary>
    public string Field { get; } = field;

    /// <summary>The violated constraint, as a sentence fragment.</summary>
    public string Constraint { get; } = constraint;
}
