namespace DeepScale.Experiments.Validation;

/// <summary>A suite name that is not one of <see cref="ValidationSuites.Names"/>; the message lists them.</summary>
public sealed class UnknownSuiteException(string name, IEnumerable<string> known)
    : Exception($"--suite: unknown suite '{name}' (known: {string.Join(", ", known)})")
{
    public string Name { get; } = name;
}
