namespace DeepScale.Experiments.Spec;

/// <summary>One key and its value in a <see cref="SpecMap"/>.</summary>
/// <param name="Key">The key as written.</param>
/// <param name="KeyPosition">Where the key was written.</param>
/// <param name="Value">The value node.</param>
public sealed record SpecEntry(string Key, SpecPosition KeyPosition, SpecNode Value);
