namespace DeepScale.Reporting.Charts;

/// <summary>The resource classes of the result contract's <c>utilization</c> object.</summary>
public enum ResourceClass
{
    GpuCompute,
    ScaleUp,
    ScaleOut,
    Storage,
}
