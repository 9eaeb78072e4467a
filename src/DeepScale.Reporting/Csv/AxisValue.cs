namespace DeepScale.Reporting.Csv;

/// <summary>The value one sweep axis takes at a point, as the experiment wrote it ("parallelism.tensor" = "8").</summary>
public sealed record AxisValue(string Name, string Value)
{
    public string Name { get; } = string.IsNullOrWhiteSpace(Name)
        ? throw new ArgumentException("A sweep axis name must not be empty.", nameof(Name))
        : Name;

    public string Value { get; } = Value ?? throw new ArgumentNullException(nameof(Value));
}
