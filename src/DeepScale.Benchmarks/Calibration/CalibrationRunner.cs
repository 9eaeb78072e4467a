using System.Diagnostics;
using System.Globalization;

using DeepScale.Benchmarks.Host;
using DeepScale.Core.Units;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// Calibrates the host-cpu device: runs the host micro-kernels under BenchmarkDotNet, fits the profile, checks it
/// case by case (leave-one-out) and writes the calibration files; or, in quick mode, proves the same pipeline on a
/// dry run and checks the committed calibration instead of replacing it.
/// </summary>
/// <remarks>
/// Files (in the output directory): <c>host-cpu.json</c> (the catalog's host-cpu device), <c>host-cpu-fit.json</c>
/// (every fitted number, residuals, machine facts), <c>leave-one-out.csv</c>, <c>measurements.csv</c> (the tidy
/// times the fit reads) and <c>raw/</c> (BenchmarkDotNet's full JSON and CSV reports and its log). Each file is
/// written under a temporary name and renamed into place; host-cpu.json comes last. A host that runs the loopback
/// all-reduce must route the <c>ring-peer</c> verb to <c>HostLabEntry.TryRun</c> first thing in <c>Main</c>.
/// </remarks>
public static class CalibrationRunner
{
    public const string HostCpuFile = "host-cpu.json";
    public const string FitFile = "host-cpu-fit.json";
    public const string LeaveOneOutFile = "leave-one-out.csv";
    public const string MeasurementsFile = "measurements.csv";
    public const string RawFolder = "raw";
    public const string QuickRawFolder = "raw-quick";

    /// <summary>The benchmark classes calibration runs: every host micro-kernel, then the peak-FLOP probe.</summary>
    public static IReadOnlyList<Type> BenchmarkTypes { get; } = [.. HostBenchmarks.Types, typeof(PeakFlopsBenchmarks)];

    /// <summary>Every case of <see cref="BenchmarkTypes"/>, as BenchmarkDotNet enumerates them, in table order.</summary>
    public static IReadOnlyList<KernelCase> Cases() => HostBenchmarkSession.Cases(BenchmarkTypes);

    /// <summary>Runs the calibration <paramref name="options"/> describe. Never throws for a failed benchmark or
    /// fit: the result's <see cref="CalibrationResult.Failures"/> say what failed.</summary>
    public static CalibrationResult Run(CalibrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        CalibrationResult result = options.Mode switch
        {
            CalibrationMode.Full => RunFull(options),
            CalibrationMode.Quick => RunQuick(options),
            CalibrationMode.Refit => RunRefit(options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Mode, "calibration.mode: full, quick or refit"),
        };
        return result with { Elapsed = Duration.FromSeconds(clock.Elapsed.TotalSeconds) };
    }

    private static CalibrationResult RunFull(CalibrationOptions options)
    {
        string output = options.ResolvedOutputDirectory;
        string loadBefore = MeasurementContext.LoadAverage();
        string date = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        IReadOnlyList<KernelMeasurement> kept = [];
        string keptNote = "";
        IReadOnlyList<Type> types = BenchmarkTypes;
        if (options.Kernels is { Count: > 0 } measured)
        {
            try
            {
                (kept, keptNote) = Committed(options, measured);
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                return new CalibrationResult { Mode = CalibrationMode.Full, Failures = [$"calibrate --kernels: {e.Message}"] };
            }

            types = [.. BenchmarkTypes.Where(t => measured.Contains(KernelCase.KernelOf(t)))];
        }

        string artifacts = Directory.CreateTempSubdirectory("deepscale-calibration-").FullName;
        try
        {
            var job = HostBenchmarkSession.FullJob(options.Toolchain);
            var gate = new LeastDisturbed(options.Patience, Duration.FromSeconds(2), Duration.FromSeconds(30));
            (HostBenchmarkSession.Outcome outcome, string method) = HostBenchmarkSession.RunEachUndisturbed(job, types, artifacts, gate, options.Verbose);
            var context = new MeasurementContext(
                "BenchmarkDotNet " + typeof(BenchmarkDotNet.Running.BenchmarkRunner).Assembly.GetName().Version?.ToString(3),
                HostBenchmarkSession.Describe(job) + "; " + method + keptNote,
                options.Toolchain == CalibrationToolchain.InProcess ? "in-process" : "out-of-process",
                outcome.Environment,
                loadBefore,
                MeasurementContext.LoadAverage(),
                date);
            var written = new List<string>();
            if (outcome.Failures.Count > 0)
            {
                written.AddRange(AtomicFiles.ReplaceDirectory(Path.Combine(output, "raw-failed"), outcome.ExportedFiles));
                return new CalibrationResult
                {
                    Mode = CalibrationMode.Full,
                    Measurements = outcome.Measurements,
                    WrittenFiles = written,
                    Failures = [.. outcome.Failures.Select(f => "benchmark " + f), "no calibration file was written; the raw reports are in raw-failed/"],
                };
            }

            written.AddRange(AtomicFiles.ReplaceDirectory(Path.Combine(output, kept.Count > 0 ? RawFolder + "-" + string.Join("-", options.Kernels!.Distinct().Order().Select(KernelCase.NameOf)) : RawFolder), outcome.ExportedFiles));
            CalibrationResult fitted = FitAndWrite([.. kept, .. outcome.Measurements], HostFacts.Current(), context, output, written);
            return fitted with { Mode = CalibrationMode.Full };
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    /// <summary>
    /// The committed measurements of every kernel not in <paramref name="measured"/>, and the note the fit report
    /// carries about them.
    /// </summary>
    private static (IReadOnlyList<KernelMeasurement> Kept, string Note) Committed(CalibrationOptions options, IReadOnlyList<HostKernel> measured)
    {
        string committed = options.ResolvedCommittedDirectory;
        string measurementsPath = Path.Combine(committed, MeasurementsFile);
        string fitPath = Path.Combine(committed, FitFile);
        IReadOnlyList<KernelMeasurement> all = MeasurementTable.Parse(File.ReadAllText(measurementsPath), measurementsPath);
        (_, MeasurementContext context) = CalibrationJson.ReadFit(File.ReadAllText(fitPath), fitPath);
        List<KernelMeasurement> kept = [.. all.Where(m => !measured.Contains(m.Case.Kernel))];
        string note = $"; measured here: {string.Join(", ", measured.Distinct().Order().Select(KernelCase.NameOf))}; the other {kept.Count} cases kept from the run of {context.Date} ({context.Job})";
        return (kept, note);
    }

    private static CalibrationResult RunRefit(CalibrationOptions options)
    {
        string committed = options.ResolvedCommittedDirectory;
        string measurementsPath = Path.Combine(committed, MeasurementsFile);
        string fitPath = Path.Combine(committed, FitFile);
        try
        {
            IReadOnlyList<KernelMeasurement> measurements = MeasurementTable.Parse(File.ReadAllText(measurementsPath), measurementsPath);
            (HostFacts facts, MeasurementContext context) = CalibrationJson.ReadFit(File.ReadAllText(fitPath), fitPath);
            CalibrationResult fitted = FitAndWrite(measurements, facts, context, options.ResolvedOutputDirectory, []);
            return fitted with { Mode = CalibrationMode.Refit };
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return new CalibrationResult { Mode = CalibrationMode.Refit, Failures = [$"refit: cannot read the committed calibration ({e.Message})"] };
        }
    }

    private static CalibrationResult FitAndWrite(IReadOnlyList<KernelMeasurement> measurements, HostFacts facts, MeasurementContext context, string output, List<string> written)
    {
        HostCalibrationFit fit;
        try
        {
            fit = HostProfileFitter.Fit(measurements, facts);
        }
        catch (CalibrationFitException e)
        {
            return new CalibrationResult
            {
                Mode = CalibrationMode.Full,
                Measurements = measurements,
                WrittenFiles = written,
                Failures = [$"fit: {e.Message}; no calibration file was written"],
            };
        }

        IReadOnlyList<LeaveOneOutRow> loo = LeaveOneOut.Run(measurements, fit);
        Write(Path.Combine(output, MeasurementsFile), MeasurementTable.Format(measurements), written);
        Write(Path.Combine(output, FitFile), CalibrationJson.Fit(fit, context, measurements, loo), written);
        Write(Path.Combine(output, LeaveOneOutFile), LeaveOneOut.Format(loo), written);
        Write(Path.Combine(output, HostCpuFile), CalibrationJson.HostCpu(fit), written);
        var warnings = new List<string>();
        Dictionary<string, KernelMeasurement> byCase = measurements.ToDictionary(m => m.Case.ToString());
        string Disturbance(LeaveOneOutRow r) => byCase.TryGetValue(r.Case.ToString(), out KernelMeasurement? m) && m.Disturbed
            ? string.Create(CultureInfo.InvariantCulture, $"; measured while the reference kernel ran {m.ReferenceSlowdownPercent:0}% slower than its fastest")
            : "";
        warnings.AddRange(loo.Where(r => !r.Within(LeaveOneOut.TargetPercent)).Select(r => double.IsNaN(r.ErrorPercent)
            ? $"leave-one-out: {r.Case} not predicted ({r.Note})"
            : string.Create(CultureInfo.InvariantCulture, $"leave-one-out: {r.Case} predicted {r.ErrorPercent:+0.0;-0.0}% off (target ±{LeaveOneOut.TargetPercent}%)") + Disturbance(r)));
        int disturbed = measurements.Count(m => m.Disturbed);
        if (disturbed > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"measurements: {disturbed} of {measurements.Count} cases were measured while the machine ran more than {MachineSpeedProbe.TolerancePercent:0}% slower than its fastest (reference_slowdown_pct in {MeasurementsFile}); the fit records that state"));
        }
        if (fit.UnconstrainedParameters.Count > 0)
        {
            warnings.Add("fit: no measurement constrains " + string.Join(", ", fit.UnconstrainedParameters)
                + " at the fitted point (a 1% change moves no predicted time: the parameter sits at zero or under a roofline maximum)");
        }

        return new CalibrationResult
        {
            Mode = CalibrationMode.Full,
            Measurements = measurements,
            Fit = fit,
            LeaveOneOut = loo,
            WrittenFiles = written,
            Warnings = warnings,
        };
    }

    private static void Write(string path, string text, List<string> written)
    {
        AtomicFiles.WriteText(path, text);
        written.Add(path);
    }

    private static CalibrationResult RunQuick(CalibrationOptions options)
    {
        string artifacts = Directory.CreateTempSubdirectory("deepscale-calibration-quick-").FullName;
        var failures = new List<string>();
        var written = new List<string>();
        HostBenchmarkSession.Outcome outcome;
        try
        {
            outcome = HostBenchmarkSession.Run(HostBenchmarkSession.QuickJob(), BenchmarkTypes, artifacts, smallestCaseOnly: true, options.Verbose);
            if (options.OutputDirectory is not null)
            {
                written.AddRange(AtomicFiles.ReplaceDirectory(Path.Combine(options.ResolvedOutputDirectory, QuickRawFolder), outcome.ExportedFiles));
            }
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }

        failures.AddRange(outcome.Failures.Select(f => "benchmark " + f));
        foreach (Type type in BenchmarkTypes)
        {
            HostKernel kernel = KernelCase.KernelOf(type);
            int count = outcome.Measurements.Count(m => m.Case.Kernel == kernel);
            if (count != 1)
            {
                failures.Add($"quick: {type.Name} produced {count} timed cases, expected 1");
            }
        }

        foreach (KernelMeasurement m in outcome.Measurements)
        {
            if (m.Case.Work.Flops.Flops <= 0 && m.Case.Work.BytesMoved.Count <= 0)
            {
                failures.Add($"quick: {m.Case} does no work (no FLOPs, no bytes)");
            }
        }

        (CommittedCalibrationState state, string? warning) = CheckCommitted(options.ResolvedCommittedDirectory);
        return new CalibrationResult
        {
            Mode = CalibrationMode.Quick,
            Measurements = outcome.Measurements,
            Committed = state,
            WrittenFiles = written,
            Warnings = warning is null ? [] : [warning],
            Failures = failures,
        };
    }

    /// <summary>
    /// Checks the committed calibration in <paramref name="directory"/>: the catalog's file is loadable, and a refit
    /// of the committed measurements gives it back byte for byte. A missing or unreadable file means the catalog
    /// falls back to the placeholder; the warning names the file.
    /// </summary>
    public static (CommittedCalibrationState State, string? Warning) CheckCommitted(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string hostCpu = Path.Combine(directory, HostCpuFile);
        const string Fallback = "the catalog's host-cpu falls back to the placeholder";
        if (!File.Exists(hostCpu))
        {
            return (CommittedCalibrationState.Missing, $"calibration file '{hostCpu}' does not exist; {Fallback}");
        }

        string committedText;
        try
        {
            committedText = File.ReadAllText(hostCpu);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (CommittedCalibrationState.Corrupt, $"calibration file '{hostCpu}' cannot be read ({e.Message}); {Fallback}");
        }

        if (CalibrationJson.ProblemWithHostCpu(committedText) is { } problem)
        {
            return (CommittedCalibrationState.Corrupt, $"calibration file '{hostCpu}' is not valid ({problem}); {Fallback}");
        }

        string measurementsPath = Path.Combine(directory, MeasurementsFile);
        string fitPath = Path.Combine(directory, FitFile);
        try
        {
            IReadOnlyList<KernelMeasurement> measurements = MeasurementTable.Parse(File.ReadAllText(measurementsPath), measurementsPath);
            (HostFacts facts, _) = CalibrationJson.ReadFit(File.ReadAllText(fitPath), fitPath);
            string refit = CalibrationJson.HostCpu(HostProfileFitter.Fit(measurements, facts));
            return refit == committedText
                ? (CommittedCalibrationState.Reproduced, null)
                : (CommittedCalibrationState.Differs,
                    $"calibration file '{hostCpu}' differs from a refit of '{measurementsPath}' (the fitting changed since it was committed; run the calibration in refit mode)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or CalibrationFitException)
        {
            return (CommittedCalibrationState.Unverifiable,
                $"calibration file '{hostCpu}' is loadable but cannot be checked: the files behind it do not refit ({e.Message})");
        }
    }
}
