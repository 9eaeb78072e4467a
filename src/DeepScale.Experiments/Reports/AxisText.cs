namespace DeepScale.Experiments.Reports;

/// <summary>The value one sweep axis took at a point, as text (the way points.csv records it).</summary>
/// <param name="Field">The axis's field path.</param>
/// <param name="Value">The value as written (a scalar) or in canonical form (a list or mapping).</param>
public sealed record AxisText(string Field, string Value);
