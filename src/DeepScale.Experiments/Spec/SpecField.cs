using System.Collections.Immutable;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// One field of the spec schema: its key, kind, default as documented, a one-line summary, and for sections the
/// fields inside. <see cref="SpecSchema.Root"/> is the tree of every accepted key.
/// </summary>
/// <param name="Name">The key.</param>
/// <param name="Kind">What it holds.</param>
/// <param name="Default">The documented default ("required" when there is none).</param>
/// <param name="Summary">What it means.</param>
public sealed record SpecField(string Name, SpecFieldKind Kind, string Default, string Summary)
{
    /// <summary>The fields of a section, in documentation order.</summary>
    public ImmutableArray<SpecField> Children { get; init; } = [];

    /// <summary>The accepted spellings of a <see cref="SpecFieldKind.Choice"/> field.</summary>
    public ImmutableArray<string> Choices { get; init; } = [];

    /// <summary>True for fields that hold other fields.</summary>
    public bool IsSection => Kind is SpecFieldKind.Section or SpecFieldKind.SectionOrList;

    /// <summary>The child field with this key, or null.</summary>
    public SpecField? Child(string name)
    {
        foreach (SpecField f in Children)
        {
            if (string.Equals(f.Name, name, StringComparison.Ordinal))
            {
                return f;
            }
        }

        return null;
    }
}
