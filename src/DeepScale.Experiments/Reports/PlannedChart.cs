using System.Collections.Immutable;

namespace DeepScale.Experiments.Reports;

/// <summary>
/// A chart a report will draw: its kind, file name and title, and which points it shows, as lines
/// (<see cref="Series"/>, for charts against GPUs) or as one bar or marker per configuration (<see cref="Bars"/>).
/// </summary>
public sealed record PlannedChart(ReportChartKind Kind, string FileName, string Title)
{
    public ImmutableArray<PlannedSeries> Series { get; init; } = [];

    public ImmutableArray<PlannedBar> Bars { get; init; } = [];

    /// <summary>The throughput of a scaling chart.</summary>
    public PlannedMetric Metric { get; init; } = PlannedMetric.Samples;

    /// <summary>True when the series are weak scaling (the problem grows with the GPUs).</summary>
    public bool Weak { get; init; }

    /// <summary>The sweep axis on the x axis of a <see cref="ReportChartKind.ThroughputVsAxis"/> chart.</summary>
    public string? Field { get; init; }
}
