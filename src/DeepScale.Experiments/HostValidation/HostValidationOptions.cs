using System.Collections.Immutable;

namespace DeepScale.Experiments.HostValidation;

/// <summary>
/// Where host validation reads its inputs and writes its outputs, relative paths resolved against
/// <see cref="Root"/>: the spec of the trainer, the calibration the catalog's host-cpu comes from, the output
/// directory (CSV, chart, README paragraph and the measurement file) and the worker counts compared.
/// </summary>
public sealed record HostValidationOptions
{
    /// <summary>The file names every output uses: <c>host-cpu</c>.</summary>
    public const string Suite = "host-cpu";

    /// <summary>The directory relative paths start from (the repository root).</summary>
    public required string Root { get; init; }

    public string SpecPath { get; init; } = Path.Combine("experiments", "host-validation", "mlp-host.yaml");

    public string CalibrationPath { get; init; } = Path.Combine("results", "calibration", "host-cpu.json");

    public string OutputDirectory { get; init; } = Path.Combine("results", "validation");

    /// <summary>Worker counts K, in the order they are predicted and measured.</summary>
    public ImmutableArray<int> Workers { get; init; } = [1, 2, 4];

    public string ResolvedSpec => Path.GetFullPath(Path.Combine(Root, SpecPath));

    public string ResolvedCalibration => Path.GetFullPath(Path.Combine(Root, CalibrationPath));

    public string ResolvedOutput => Path.GetFullPath(Path.Combine(Root, OutputDirectory));

    /// <summary>results/validation/host-cpu.csv.</summary>
    public string CsvPath => Path.Combine(ResolvedOutput, Suite + ".csv");

    /// <summary>results/validation/host-cpu.png.</summary>
    public string ChartPath => Path.Combine(ResolvedOutput, Suite + ".png");

    /// <summary>results/validation/host-cpu.md: the paragraph for the validation README.</summary>
    public string ParagraphPath => Path.Combine(ResolvedOutput, Suite + ".md");

    /// <summary>results/validation/host-cpu.measurements.json: the committed trainer measurement.</summary>
    public string MeasurementPath => Path.Combine(ResolvedOutput, Suite + ".measurements.json");
}
