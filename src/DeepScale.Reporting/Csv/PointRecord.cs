using DeepScale.Experiments.Results;

namespace DeepScale.Reporting.Csv;

/// <summary>One line of a sweep's points.csv: where the point lies on the sweep axes, in axis order, and its result.</summary>
public sealed record PointRecord(IReadOnlyList<AxisValue> Axes, PointRow Row)
{
    public IReadOnlyList<AxisValue> Axes { get; } = Axes ?? throw new ArgumentNullException(nameof(Axes));

    public PointRow Row { get; } = Row ?? throw new ArgumentNullException(nameof(Row));

    public static PointRecord FromResult(IReadOnlyList<AxisValue> axes, RunResult result) => new(axes, PointRow.FromResult(result));
}
