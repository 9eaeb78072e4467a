namespace DeepScale.Reporting.Inputs;

/// <summary>
/// One line of a generic line chart: a label and (x, y) points in the chart's units. A measured series is drawn as
/// markers joined by a thin dashed line, so predictions and measurements tell apart at a glance.
/// </summary>
public sealed record LineSeries(string Label, IReadOnlyList<double> Xs, IReadOnlyList<double> Ys, bool Measured = false)
{
    public string Label { get; } = string.IsNullOrWhiteSpace(Label)
        ? throw new ArgumentException("A series label must not be empty.", nameof(Label))
        : Label;

    public IReadOnlyList<double> Xs { get; } = Xs ?? throw new ArgumentNullException(nameof(Xs));

    /// <summary>Drawn first as a wide translucent band under the other lines, so a line that follows it exactly (the
    /// algorithm a library's own choice picks) stays visible on top of it.</summary>
    public bool Underlay { get; init; }

    public IReadOnlyList<double> Ys { get; } = Ys is null
        ? throw new ArgumentNullException(nameof(Ys))
        : Ys.Count == Xs.Count ? Ys : throw new ArgumentException($"series '{Label}': {Xs.Count} x values but {Ys.Count} y values.", nameof(Ys));
}
