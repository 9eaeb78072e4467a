using DeepScale.Core.Units;
using DeepScale.Experiments.HostValidation;
using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.Tests.HostValidation;

/// <summary>
/// The repository's host-validation inputs (the trainer's spec and the committed calibration), the catalog that
/// loads them, its predictions for K = 1, 2, 4 (computed once), and a synthetic measurement set for the pipeline.
/// </summary>
internal static class HostFixture
{
    private static readonly Lazy<HardwareCatalog> s_catalog = new(() => HostValidationLab.Catalog(Options()));
    private static readonly Lazy<IReadOnlyList<HostPrediction>> s_predictions = new(() => HostValidationLab.Predict(Options(), Catalog));

    public static HardwareCatalog Catalog => s_catalog.Value;

    public static IReadOnlyList<HostPrediction> Predictions => s_predictions.Value;

    public static string Root
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DeepScale.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new AssertInconclusiveException("the repository root (DeepScale.sln) is not above the test assembly");
        }
    }

    public static HostValidationOptions Options(string? output = null) =>
        output is null ? new HostValidationOptions { Root = Root } : new HostValidationOptions { Root = Root, OutputDirectory = output };

    /// <summary>Runs of K workers whose step times are <paramref name="milliseconds"/>, the parts splitting each step
    /// into compute 70%, all-reduce 20%, optimizer 9%, data loading 1%.</summary>
    public static HostMeasurement Measured(int workers, params double[] milliseconds) =>
        new(workers, [.. milliseconds.Select(ms => Run(workers, ms))]);

    public static HostMeasurementSet Set(params HostMeasurement[] configurations) =>
        new("2026-01-01T00:00:00Z", "test processor (2 logical processors)", "synthetic", configurations);

    private static HostTrainerRun Run(int workers, double ms)
    {
        Duration step = Duration.FromMilliseconds(ms);
        return new HostTrainerRun(workers, 1000, 100, step, step, step * 0.01, step * 0.25, step * 0.45, step * 0.2, step * 0.09, 0.5, 0.95);
    }
}
