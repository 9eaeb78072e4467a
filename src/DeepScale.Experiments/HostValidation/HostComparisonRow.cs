using DeepScale.Core.Units;

namespace DeepScale.Experiments.HostValidation;

/// <summary>
/// One compared quantity: a part of the step of one trainer configuration, predicted before the run and measured
/// (the median over runs, with the smallest and largest run).
/// </summary>
public sealed record HostComparisonRow(
    int Workers,
    string Model,
    HostPart Part,
    Duration Predicted,
    Duration Measured,
    Duration MeasuredMin,
    Duration MeasuredMax,
    int Runs)
{
    /// <summary>The row's name in the CSV: "mlp-32-512-512-10 k=4 allreduce".</summary>
    public string Config => $"{Model} k={Workers} {PartName(Part)}";

    /// <summary>(predicted − measured) / measured, in percent.</summary>
    public double ErrorPercent => Measured.Ticks == 0 ? double.NaN : 100.0 * (Predicted.Ticks - Measured.Ticks) / Measured.Ticks;

    /// <summary>The CSV spelling of a part.</summary>
    public static string PartName(HostPart part) => part switch
    {
        HostPart.StepTime => "step_time",
        HostPart.Compute => "compute",
        HostPart.AllReduce => "allreduce",
        HostPart.Optimizer => "optimizer",
        HostPart.DataLoading => "data_loading",
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "not a host part"),
    };
}
