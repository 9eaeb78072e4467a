namespace DeepScale.Experiments.Sweeps;

/// <summary>
/// Published or measured values a sweep's results are compared with (<c>report.reference:</c>): a CSV file whose
/// rows are matched to points by a key, and the column that holds the value of one result metric.
/// </summary>
/// <param name="File">The CSV file, as written in the experiment (relative to the experiment file).</param>
/// <param name="FullPath">The CSV file's full path.</param>
/// <param name="Key">What identifies a point: <c>gpus</c> or a sweep axis field path.</param>
/// <param name="KeyColumn">The reference column holding the key's value.</param>
/// <param name="Metric">The points.csv column compared (<c>hardware_tflops_per_gpu</c>, <c>iteration_time_s</c>, …).</param>
/// <param name="Column">The reference column holding the published value of the metric.</param>
/// <param name="Quantity">The compared quantity with its unit, for axis labels.</param>
public sealed record ReferenceSettings(string File, string FullPath, string Key, string KeyColumn, string Metric, string Column, string Quantity)
{
    /// <summary>A reference column that labels each row in charts (e.g. the model size); null: the key.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>A suffix for the row labels ("B" after a size in billions).</summary>
    public string LabelSuffix { get; init; } = "";

    /// <summary>Who published the values, for legends and the summary.</summary>
    public string Source { get; init; } = "published";
}
