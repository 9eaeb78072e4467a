using DeepScale.Experiments.Results;
using DeepScale.Reporting.Inputs;

namespace DeepScale.Reporting.Markdown;

/// <summary>Ready-made markdown tables of result records, for summary.md.</summary>
public static class ResultTables
{
    /// <summary>One row per configuration: GPUs, iteration time, throughput, model TFLOP/s per GPU, MFU, peak
    /// memory, whether it fits, and the hourly price.</summary>
    public static MarkdownTable Summary(IReadOnlyList<LabeledResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var table = new MarkdownTable(
            new MarkdownColumn("configuration"),
            new MarkdownColumn("GPUs"),
            new MarkdownColumn("iteration time (s)"),
            new MarkdownColumn("samples/s"),
            new MarkdownColumn("tokens/s"),
            new MarkdownColumn("model TFLOP/s per GPU", SignificantDigits: 3),
            new MarkdownColumn("MFU (%)", SignificantDigits: 3),
            new MarkdownColumn("peak memory (GiB)", SignificantDigits: 3),
            new MarkdownColumn("capacity (GiB)", SignificantDigits: 3),
            new MarkdownColumn("fits", MarkdownAlignment.Center),
            new MarkdownColumn("USD/hour", SignificantDigits: 3));
        foreach (LabeledResult labeled in results)
        {
            RunResult r = labeled.Result;
            table.AddRow(
                labeled.Label,
                r.Gpus,
                r.IterationTimeS,
                r.SamplesPerS,
                r.TokensPerS,
                r.ModelTflopsPerGpu,
                r.Mfu * 100,
                r.Memory.PeakGib,
                r.Memory.CapacityGib,
                r.Memory.Fits,
                r.Cost.UsdPerHour);
        }

        return table;
    }
}
