namespace DeepScale.Experiments.HostValidation;

/// <summary>
/// Predicted against measured for every trainer configuration: the rows (step time first, then each part), the
/// predictions and measurements they came from, whether the measurement was the committed one, and the acceptance
/// of the host lab: each step time within <see cref="StepTargetPercent"/>, their mean absolute error within
/// <see cref="MeanTargetPercent"/>, and each configuration's largest measured part within
/// <see cref="LargestPartTargetPercent"/>.
/// </summary>
public sealed record HostValidationResult(
    IReadOnlyList<HostPrediction> Predictions,
    HostMeasurementSet Measurements,
    IReadOnlyList<HostComparisonRow> Rows,
    bool ReusedMeasurement)
{
    public const double StepTargetPercent = 10;
    public const double MeanTargetPercent = 5;
    public const double LargestPartTargetPercent = 15;

    /// <summary>The step-time rows, in increasing K.</summary>
    public IReadOnlyList<HostComparisonRow> StepRows => [.. Rows.Where(r => r.Part == HostPart.StepTime).OrderBy(r => r.Workers)];

    /// <summary>Mean absolute step-time error over the configurations, in percent.</summary>
    public double MeanAbsStepErrorPercent => StepRows.Count == 0 ? double.NaN : StepRows.Average(r => Math.Abs(r.ErrorPercent));

    /// <summary>Each configuration's largest measured part (by its measured median), in increasing K.</summary>
    public IReadOnlyList<HostComparisonRow> LargestParts =>
    [
        .. Rows.Where(r => r.Part != HostPart.StepTime)
            .GroupBy(r => r.Workers)
            .OrderBy(g => g.Key)
            .Select(g => g.OrderByDescending(r => r.Measured.Ticks).ThenBy(r => r.Part).First()),
    ];

    /// <summary>True when every acceptance target holds.</summary>
    public bool Accepted =>
        StepRows.All(r => Math.Abs(r.ErrorPercent) <= StepTargetPercent)
        && MeanAbsStepErrorPercent <= MeanTargetPercent
        && LargestParts.All(r => Math.Abs(r.ErrorPercent) <= LargestPartTargetPercent);
}
