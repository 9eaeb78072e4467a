using DeepScale.Replay;
using DeepScale.Reporting.Inputs;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// The entry to the report charts, one factory per chart. Each returns an immutable chart record: adjust it with
/// <see cref="WithTitle"/> and <see cref="WithSize"/> or with <c>with { YScale = … }</c>, then <c>SavePng(path)</c>,
/// <c>ToPng()</c>, <c>ToSvg()</c> or <c>CreatePlot()</c>:
/// <code>Chart.Throughput(series, ThroughputMetric.TokensPerSecond).WithTitle("GPT-3 weak scaling").SavePng("results/x/throughput.png");</code>
/// </summary>
public static class Chart
{
    /// <summary>Throughput vs GPUs (log2), with ideal linear-scaling lines.</summary>
    public static ThroughputChart Throughput(IReadOnlyList<RunSeries> series, ThroughputMetric metric = ThroughputMetric.SamplesPerSecond) =>
        new(series, metric);

    /// <summary>Scaling efficiency (%) vs GPUs (log2).</summary>
    public static ScalingEfficiencyChart ScalingEfficiency(IReadOnlyList<RunSeries> series, ThroughputMetric metric = ThroughputMetric.SamplesPerSecond) =>
        new(series, metric);

    /// <summary>MFU (%) vs GPUs (log2).</summary>
    public static MfuChart Mfu(IReadOnlyList<RunSeries> series) => new(series);

    /// <summary>Iteration time as stacked <c>breakdown_s</c> parts per configuration.</summary>
    public static IterationBreakdownChart IterationBreakdown(IReadOnlyList<LabeledResult> results) => new(results);

    /// <summary>Peak memory per GPU as stacked parts per configuration, against the device capacity.</summary>
    public static MemoryBreakdownChart MemoryBreakdown(IReadOnlyList<LabeledResult> results) => new(results);

    /// <summary>A per-rank, per-stream Gantt chart of trace spans.</summary>
    public static TimelineChart Timeline(IReadOnlyList<TraceSpan> spans) => new(spans);

    /// <summary>Utilization per resource class per configuration.</summary>
    public static UtilizationChart Utilization(IReadOnlyList<LabeledResult> results) => new(results);

    /// <summary>Cost vs time to train with the Pareto front.</summary>
    public static CostTimeChart CostVsTimeToTrain(IReadOnlyList<CostTimePoint> points) => new(points);

    /// <summary>Predicted vs measured scatter with y = x and a ±10% band.</summary>
    public static PredictedVsMeasuredChart PredictedVsMeasured(IReadOnlyList<PredictionComparison> comparisons, string quantity) =>
        new(comparisons, quantity);

    /// <summary>Predicted vs measured per reference row, with error bars.</summary>
    public static PredictedVsMeasuredRowsChart PredictedVsMeasuredByRow(IReadOnlyList<PredictionComparison> comparisons, string quantity) =>
        new(comparisons, quantity);

    /// <summary>Lines over a linear, log2-count or log2-size x axis (labels with units given by the caller).</summary>
    public static LineChart Lines(IReadOnlyList<LineSeries> series, string xLabel, string yLabel) => new(series, xLabel, yLabel);

    /// <summary>A copy of <paramref name="chart"/> with another title.</summary>
    public static TChart WithTitle<TChart>(this TChart chart, string title)
        where TChart : ReportChart
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(title);
        return (TChart)(chart with { Title = title });
    }

    /// <summary>A copy of <paramref name="chart"/> rendered at another size.</summary>
    public static TChart WithSize<TChart>(this TChart chart, ChartSize size)
        where TChart : ReportChart
    {
        ArgumentNullException.ThrowIfNull(chart);
        return (TChart)(chart with { Size = size });
    }
}
