using System.Collections.Immutable;

namespace DeepScale.Experiments.Spec;

/// <summary>A YAML sequence in a spec tree.</summary>
/// <param name="Items">The items in order.</param>
/// <param name="Position">Where the sequence starts.</param>
public sealed record SpecList(ImmutableArray<SpecNode> Items, SpecPosition Position) : SpecNode(Position)
{
    /// <inheritdoc/>
    public override string Describe() => "a list";

    /// <inheritdoc/>
    public override string ToCanonicalText() => "[" + string.Join(", ", Items.Select(i => i.ToCanonicalText())) + "]";
}
