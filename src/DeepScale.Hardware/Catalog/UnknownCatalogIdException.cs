namespace DeepScale.Hardware.Catalog;

/// <summary>
/// A catalog lookup for an id that does not exist. The message names the kind of entry, the id asked for and the
/// nearest valid ids, e.g. "accelerator 'a100-80gb' is not in the catalog; nearest: a100-sxm4-80gb, ...".
/// </summary>
public sealed class UnknownCatalogIdException(string kind, string id, IReadOnlyList<string> nearest)
    : KeyNotFoundException($"{kind} '{id}' is not in the catalog; nearest: {string.Join(", ", nearest)}")
{
    /// <summary>The kind of entry: accelerator, system, interconnect, storage, cloud instance.</summary>
    public string Kind { get; } = kind;

    /// <summary>The id that was asked for.</summary>
    public string Id { get; } = id;

    /// <summary>The nearest valid ids, nearest first.</summary>
    public IReadOnlyList<string> Nearest { get; } = nearest;
}
