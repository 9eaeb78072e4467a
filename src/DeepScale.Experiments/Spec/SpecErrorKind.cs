namespace DeepScale.Experiments.Spec;

/// <summary>What kind of mistake a <see cref="SpecException"/> reports.</summary>
public enum SpecErrorKind
{
    /// <summary>The file cannot be used as text: missing, too large, binary, not UTF-8, or empty.</summary>
    File,

    /// <summary>YAML that does not parse, or a structure YAML allows but specs do not (several documents, tags).</summary>
    Syntax,

    /// <summary>A key written twice in one mapping.</summary>
    DuplicateKey,

    /// <summary>A key the spec does not define.</summary>
    UnknownKey,

    /// <summary>A value of the wrong type (a list for a number, text for a boolean, a number without a unit).</summary>
    Type,

    /// <summary>A required field is absent.</summary>
    Missing,

    /// <summary>A value of the right type outside its range (negative, zero, not finite, absurdly large, wrong unit).</summary>
    Value,

    /// <summary>A catalog id, preset or option that does not exist.</summary>
    UnknownId,

    /// <summary>
    /// A combination of valid values that cannot work together (tensor·pipeline·data ≠ GPUs, a batch that does not
    /// divide, a precision the accelerator lacks). Sweeps with <c>filter: skip-invalid</c> skip these points.
    /// </summary>
    Constraint,

    /// <summary>A malformed experiment: unknown or empty axes, circular bases, too many points.</summary>
    Sweep,
}
