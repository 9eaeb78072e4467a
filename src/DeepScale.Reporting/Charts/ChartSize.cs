namespace DeepScale.Reporting.Charts;

/// <summary>The fixed pixel size of a chart image. Sizes are fixed so reports look the same on every run.</summary>
public readonly record struct ChartSize
{
    public ChartSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 150);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 8000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 8000);
        Width = width;
        Height = height;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>1200 × 750: line, scatter and bar charts.</summary>
    public static ChartSize Standard { get; } = new(1200, 750);

    /// <summary>1600 × 900: timelines and bar charts with many configurations.</summary>
    public static ChartSize Wide { get; } = new(1600, 900);

    public override string ToString() => $"{Width}x{Height}";
}
