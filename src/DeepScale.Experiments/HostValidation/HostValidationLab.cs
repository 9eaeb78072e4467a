using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.HostValidation;

/// <summary>
/// The host validation pipeline: predict the real CPU trainer for every K from its spec with the calibrated
/// host-cpu profile (<see cref="HostPredictor"/>), then compare the predictions with a measurement of the trainer,
/// taken now by the caller (who owns the processes) or read from the committed file, and write the CSV and the
/// README paragraph (<see cref="HostValidationReport"/>).
/// </summary>
public static class HostValidationLab
{
    /// <summary>The catalog whose host-cpu, loopback link and host system come from the calibration file, and its warnings.</summary>
    public static HardwareCatalog Catalog(HostValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return HardwareCatalog.Default.WithHostCpuCalibration(options.ResolvedCalibration);
    }

    /// <summary>The predictions for every K of <paramref name="options"/>, in that order.</summary>
    public static IReadOnlyList<HostPrediction> Predict(HostValidationOptions options, HardwareCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        return [.. options.Workers.Select(k => HostPredictor.Predict(HostPredictor.Load(options.ResolvedSpec, k, catalog), catalog))];
    }

    /// <summary>Rows for every predicted K: the step time, then compute, all-reduce, optimizer and data loading.</summary>
    public static HostValidationResult Compare(IReadOnlyList<HostPrediction> predictions, HostMeasurementSet measured, bool reused)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(measured);
        var rows = new List<HostComparisonRow>();
        foreach (HostPrediction p in predictions.OrderBy(p => p.Workers))
        {
            HostMeasurement m = measured.For(p.Workers);
            foreach (HostPart part in Enum.GetValues<HostPart>())
            {
                rows.Add(new HostComparisonRow(p.Workers, p.Model, part, Predicted(p, part), m.Median(part), m.Min(part), m.Max(part), m.Runs.Count));
            }
        }

        return new HostValidationResult(predictions, measured, rows, reused);
    }

    /// <summary>
    /// The quick form: predictions compared with the committed measurement, CSV and paragraph written (the chart
    /// is drawn by the caller). Throws <see cref="InvalidDataException"/> naming the file when the measurement is
    /// missing or unreadable.
    /// </summary>
    public static HostValidationResult RunQuick(HostValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        HardwareCatalog catalog = Catalog(options);
        IReadOnlyList<HostPrediction> predictions = Predict(options, catalog);
        HostMeasurementSet measured = HostMeasurementJson.ReadFile(options.MeasurementPath);
        HostValidationResult result = Compare(predictions, measured, reused: true);
        HostValidationReport.Write(result, options, catalog);
        return result;
    }

    /// <summary>The predicted value of a part.</summary>
    public static Core.Units.Duration Predicted(HostPrediction p, HostPart part)
    {
        ArgumentNullException.ThrowIfNull(p);
        return part switch
        {
            HostPart.StepTime => p.StepTime,
            HostPart.Compute => p.Compute,
            HostPart.AllReduce => p.AllReduce,
            HostPart.Optimizer => p.Optimizer,
            HostPart.DataLoading => p.DataLoading,
            _ => throw new ArgumentOutOfRangeException(nameof(part), part, "not a host part"),
        };
    }
}
