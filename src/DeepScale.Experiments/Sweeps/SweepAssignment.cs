using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Sweeps;

/// <summary>One field set by a sweep point.</summary>
/// <param name="Field">Field path of the spec.</param>
/// <param name="Value">The value node, positioned where the experiment file wrote it.</param>
public sealed record SweepAssignment(string Field, SpecNode Value)
{
    /// <summary>The value as text for labels and CSV columns: a scalar as written, anything else in canonical form.</summary>
    public string ValueText => Value is SpecScalar { Value: string text } ? text : Value.ToCanonicalText();

    /// <summary>"field=value".</summary>
    public override string ToString() => Field + "=" + ValueText;
}
