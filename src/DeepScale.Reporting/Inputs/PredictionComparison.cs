namespace DeepScale.Reporting.Inputs;

/// <summary>
/// One prediction next to the published or measured value it should reproduce (a row of Megatron SC21 Table 1, an
/// nccl-tests bus bandwidth, a host measurement), in the units of the chart's quantity.
/// </summary>
/// <param name="MeasuredUncertainty">The reference's own ± uncertainty (a standard deviation or the spread the paper
/// reports), zero when it gives none.</param>
public sealed record PredictionComparison(string Label, double Predicted, double Measured, double MeasuredUncertainty = 0)
{
    public string Label { get; } = string.IsNullOrWhiteSpace(Label)
        ? throw new ArgumentException("A comparison label must not be empty.", nameof(Label))
        : Label;

    public double Predicted { get; } = double.IsFinite(Predicted)
        ? Predicted
        : throw new ArgumentOutOfRangeException(nameof(Predicted), Predicted, $"comparison '{Label}': the prediction must be finite.");

    public double Measured { get; } = double.IsFinite(Measured) && Measured != 0
        ? Measured
        : throw new ArgumentOutOfRangeException(nameof(Measured), Measured, $"comparison '{Label}': the measured value must be finite and not zero.");

    public double MeasuredUncertainty { get; } = double.IsFinite(MeasuredUncertainty) && MeasuredUncertainty >= 0
        ? MeasuredUncertainty
        : throw new ArgumentOutOfRangeException(nameof(MeasuredUncertainty), MeasuredUncertainty, $"comparison '{Label}': the uncertainty must be finite and not negative.");

    /// <summary>(predicted − measured) / measured.</summary>
    public double RelativeError => (Predicted - Measured) / Measured;
}
