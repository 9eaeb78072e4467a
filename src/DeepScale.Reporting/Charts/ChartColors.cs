using DeepScale.Parallelism.Schedules;

using ScottPlot;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// The fixed colours of the reports: one per series position, per iteration-time part, per memory part and per
/// resource, so the same thing has the same colour in every chart (palette after Tableau 10).
/// </summary>
public static class ChartColors
{
    private static readonly Color[] s_series =
    [
        Color.FromHex("#1F77B4"), Color.FromHex("#D62728"), Color.FromHex("#2CA02C"), Color.FromHex("#FF7F0E"),
        Color.FromHex("#9467BD"), Color.FromHex("#8C564B"), Color.FromHex("#E377C2"), Color.FromHex("#17BECF"),
        Color.FromHex("#7F7F7F"), Color.FromHex("#BCBD22"),
    ];

    /// <summary>The colour of the series at <paramref name="index"/> (cycles after ten).</summary>
    public static Color Series(int index) => s_series[((index % s_series.Length) + s_series.Length) % s_series.Length];

    /// <summary>The colour of an iteration-time part, in the breakdown chart and the timeline alike.</summary>
    public static Color For(TimeCategory category) => category switch
    {
        TimeCategory.Forward => Color.FromHex("#4E79A7"),
        TimeCategory.Backward => Color.FromHex("#A0CBE8"),
        TimeCategory.Recompute => Color.FromHex("#59A14F"),
        TimeCategory.Optimizer => Color.FromHex("#8CD17D"),
        TimeCategory.PipelineBubble => Color.FromHex("#BAB0AC"),
        TimeCategory.ExposedTpComm => Color.FromHex("#E15759"),
        TimeCategory.ExposedPpComm => Color.FromHex("#FF9D9A"),
        TimeCategory.ExposedDpComm => Color.FromHex("#B07AA1"),
        TimeCategory.DataStall => Color.FromHex("#9C755F"),
        _ => Color.FromHex("#79706E"),
    };

    /// <summary>The colour of a memory part.</summary>
    public static Color For(MemoryPart part) => part switch
    {
        MemoryPart.Weights => Color.FromHex("#4E79A7"),
        MemoryPart.Gradients => Color.FromHex("#F28E2B"),
        MemoryPart.Optimizer => Color.FromHex("#59A14F"),
        MemoryPart.Activations => Color.FromHex("#EDC948"),
        MemoryPart.Other => Color.FromHex("#BAB0AC"),
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "Unknown memory part."),
    };

    /// <summary>The colour of a resource class in the utilization chart.</summary>
    public static Color For(ResourceClass resource) => resource switch
    {
        ResourceClass.GpuCompute => Color.FromHex("#4E79A7"),
        ResourceClass.ScaleUp => Color.FromHex("#F28E2B"),
        ResourceClass.ScaleOut => Color.FromHex("#E15759"),
        ResourceClass.Storage => Color.FromHex("#76B7B2"),
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "Unknown resource class."),
    };

    /// <summary>Marks what does not fit or misses its target.</summary>
    public static Color Alarm { get; } = Color.FromHex("#C00000");

    /// <summary>Marks what is within its target.</summary>
    public static Color Good { get; } = Color.FromHex("#2CA02C");

    /// <summary>Reference lines: ideal scaling, y = x, device capacity.</summary>
    public static Color Reference { get; } = Color.FromHex("#404040");
}
