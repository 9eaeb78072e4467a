namespace DeepScale.Experiments.Spec;

/// <summary>
/// One node of a parsed spec tree: a <see cref="SpecScalar"/>, a <see cref="SpecList"/> or a <see cref="SpecMap"/>,
/// each carrying the position it was written at. The tree is immutable; overrides build new trees that share the
/// untouched branches.
/// </summary>
/// <param name="Position">Where the node was written.</param>
public abstract record SpecNode(SpecPosition Position)
{
    /// <summary>A short description of the node for error messages: "a section", "a list", "the string \"8\"".</summary>
    public abstract string Describe();

    /// <summary>The node as canonical text: mapping keys sorted, strings quoted, numbers and booleans bare.</summary>
    public abstract string ToCanonicalText();
}
