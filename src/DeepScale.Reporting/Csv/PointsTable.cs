namespace DeepScale.Reporting.Csv;

/// <summary>
/// The content of a sweep's points.csv: the sweep-axis names (the first columns, in this order) and the points.
/// Every point names the same axes in the same order, and no axis is named like a result column.
/// </summary>
public sealed record PointsTable
{
    public PointsTable(IReadOnlyList<string> axisNames, IReadOnlyList<PointRecord> points)
    {
        ArgumentNullException.ThrowIfNull(axisNames);
        ArgumentNullException.ThrowIfNull(points);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in axisNames)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("A sweep axis name must not be empty.", nameof(axisNames));
            }

            if (!seen.Add(name))
            {
                throw new ArgumentException($"Sweep axis '{name}' is named twice.", nameof(axisNames));
            }

            if (PointsCsv.ResultColumns.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"Sweep axis '{name}' has the name of a result column; rename the axis (e.g. 'axis.{name}').", nameof(axisNames));
            }
        }

        for (int i = 0; i < points.Count; i++)
        {
            IReadOnlyList<AxisValue> axes = points[i].Axes;
            if (axes.Count != axisNames.Count || !axes.Select(a => a.Name).SequenceEqual(axisNames, StringComparer.Ordinal))
            {
                throw new ArgumentException(
                    $"Point {i + 1} ('{points[i].Row.Name}') has axes [{string.Join(", ", axes.Select(a => a.Name))}] but the table has [{string.Join(", ", axisNames)}].",
                    nameof(points));
            }
        }

        AxisNames = axisNames;
        Points = points;
    }

    public IReadOnlyList<string> AxisNames { get; }

    public IReadOnlyList<PointRecord> Points { get; }
}
