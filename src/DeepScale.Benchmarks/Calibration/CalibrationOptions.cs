using DeepScale.Core.Units;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>How <see cref="CalibrationRunner.Run"/> calibrates the host.</summary>
public sealed record CalibrationOptions
{
    /// <summary>Full measurement and fit, the CI quick check, or a refit of committed measurements.</summary>
    public CalibrationMode Mode { get; init; } = CalibrationMode.Full;

    /// <summary>
    /// Where the calibration files go (full and refit modes: host-cpu.json, host-cpu-fit.json, leave-one-out.csv,
    /// measurements.csv, raw/). Null: <c>results/calibration</c> under the repository root. In quick mode the
    /// dry run's raw BenchmarkDotNet files go to <c>raw-quick/</c> here when a directory is given, and are
    /// discarded otherwise.
    /// </summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Where the committed calibration is read from (quick and refit modes). Null: the output directory.</summary>
    public string? CommittedDirectory { get; init; }

    /// <summary>Where BenchmarkDotNet runs the full mode's cases (quick mode always runs in process).</summary>
    public CalibrationToolchain Toolchain { get; init; } = CalibrationToolchain.InProcess;

    /// <summary>
    /// Full mode: the longest total pause while waiting for an undisturbed machine (each case is repeated while a
    /// reference kernel runs more than 10% slower than its fastest; <see cref="HostBenchmarkSession.RunEachUndisturbed"/>).
    /// Zero measures every case once.
    /// </summary>
    public Duration Patience { get; init; } = Duration.FromSeconds(20 * 60);

    /// <summary>
    /// Full mode: measure only these kernels and take every other kernel's cases from the committed measurement
    /// table, then fit and check them all. Null or empty: measure every kernel.
    /// </summary>
    public IReadOnlyList<HostKernel>? Kernels { get; init; }

    /// <summary>Echo BenchmarkDotNet's log to the console (it always goes to the raw folder).</summary>
    public bool Verbose { get; init; } = true;

    /// <summary>The output directory, resolved.</summary>
    public string ResolvedOutputDirectory => Path.GetFullPath(OutputDirectory ?? DefaultDirectory);

    /// <summary>The committed calibration's directory, resolved.</summary>
    public string ResolvedCommittedDirectory => Path.GetFullPath(CommittedDirectory ?? OutputDirectory ?? DefaultDirectory);

    /// <summary><c>results/calibration</c> under the repository root.</summary>
    public static string DefaultDirectory => Path.Combine(RepositoryPaths.Root(), "results", "calibration");
}
