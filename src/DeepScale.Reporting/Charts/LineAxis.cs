namespace DeepScale.Reporting.Charts;

/// <summary>How a line chart's x axis maps and labels values.</summary>
public enum LineAxis
{
    /// <summary>Linear, automatic ticks.</summary>
    Linear,

    /// <summary>Base-2 logarithmic with the powers of two labelled as counts (GPUs: 1, 2, 4, …).</summary>
    Log2Count,

    /// <summary>Base-2 logarithmic with the powers of two labelled as byte sizes (32 KiB, 1 MiB, …).</summary>
    Log2Bytes,
}
