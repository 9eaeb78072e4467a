using System.Globalization;

using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Parameters;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

using DeepScale.Benchmarks.Host;
using DeepScale.Core.Units;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// One BenchmarkDotNet run over the host micro-kernel classes: builds the job and the exporters, runs the selected
/// cases, and turns every report into a <see cref="KernelMeasurement"/>. The raw exports (full JSON, CSV, log)
/// land under the artifacts directory given.
/// </summary>
internal static class HostBenchmarkSession
{
    /// <summary>What a session produced: the measurements, the cases that failed, and BenchmarkDotNet's files.</summary>
    public sealed record Outcome(IReadOnlyList<KernelMeasurement> Measurements, IReadOnlyList<string> Failures, IReadOnlyList<string> ExportedFiles, string Environment);

    /// <summary>
    /// The full-mode job: ShortRun's shape (one launch, three warm-up iterations) with five measured iterations
    /// instead of three, so that one disturbed iteration on a shared 2-core machine moves the mean less.
    /// </summary>
    public static Job FullJob(CalibrationToolchain toolchain)
    {
        Job job = Job.ShortRun.WithIterationCount(5).WithId("CalibrationShort");
        return toolchain == CalibrationToolchain.InProcess ? job.WithToolchain(InProcessEmitToolchain.Instance) : job;
    }

    /// <summary>"ShortRun-like: 1 launch, 3 warm-up, 5 measured iterations" style description of a job.</summary>
    public static string Describe(Job job) => string.Create(CultureInfo.InvariantCulture,
        $"{job.Id}: {Count(job.Run.LaunchCount)} launch(es), {Count(job.Run.WarmupCount)} warm-up and {Count(job.Run.IterationCount)} measured iterations, {(job.Run.IterationTime.Nanoseconds > 0 ? job.Run.IterationTime.ToString() : "500 ms")} target per iteration");

    private static string Count(int n) => n > 0 ? n.ToString(CultureInfo.InvariantCulture) : "auto";

    /// <summary>The quick-mode job: one cold invocation per case, in process (a smoke run: its times mean nothing).</summary>
    public static Job QuickJob() => Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("CalibrationDry");

    public static Outcome Run(Job job, IReadOnlyList<Type> types, string artifacts, bool smallestCaseOnly, bool verbose, KernelCase? only = null)
    {
        var style = new SummaryStyle(CultureInfo.InvariantCulture, printUnitsInHeader: true,
            Perfolizer.Metrology.SizeUnit.B, Perfolizer.Horology.TimeUnit.Nanosecond, printUnitsInContent: false);
        ManualConfig config = ManualConfig.CreateEmpty()
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddJob(job)
            .WithArtifactsPath(artifacts)
            .WithSummaryStyle(style)
            .AddExporter(new CsvExporter(CsvSeparator.Comma, style))
            .AddExporter(JsonExporter.Full)
            .WithOptions(ConfigOptions.DisableLogFile);
        var log = new AccumulationLogger();
        config.AddLogger(log);
        if (verbose)
        {
            config.AddLogger(ConsoleLogger.Default);
        }

        if (smallestCaseOnly)
        {
            // A smoke run's times are never used, so a Debug build of the benchmarks may run it too.
            config.WithOptions(ConfigOptions.DisableOptimizationsValidator);
            HashSet<string> smallest = [.. Cases(types).GroupBy(c => c.Kernel)
                .Select(g => g.OrderBy(c => c.Work.Flops.Flops + c.Work.BytesMoved.Count).ThenBy(c => c.Parameters, StringComparer.Ordinal).First().ToString())];
            config.AddFilter(new SimpleFilter(c => smallest.Contains(CaseOf(c).ToString())));
        }

        if (only is not null)
        {
            string name = only.ToString();
            config.AddFilter(new SimpleFilter(c => CaseOf(c).ToString() == name));
        }

        Directory.CreateDirectory(artifacts);
        Summary[] summaries = BenchmarkRunner.Run([.. types], config);
        var measurements = new List<KernelMeasurement>();
        var failures = new List<string>();
        var files = new List<string>();
        foreach (Summary summary in summaries)
        {
            if (summary.HasCriticalValidationErrors)
            {
                failures.AddRange(summary.ValidationErrors.Where(e => e.IsCritical).Select(e => "validation: " + e.Message));
            }

            foreach (BenchmarkReport report in summary.Reports)
            {
                KernelCase c = CaseOf(report.BenchmarkCase);
                if (!report.Success || report.ResultStatistics is not { } s || s.Mean <= 0)
                {
                    failures.Add($"{c}: the benchmark did not produce a time");
                    continue;
                }

                measurements.Add(new KernelMeasurement(c, Duration.FromNanoseconds(s.Mean), Duration.FromNanoseconds(s.Median),
                    Duration.FromNanoseconds(s.StandardDeviation), s.N).Validated());
            }
        }

        string results = Path.Combine(artifacts, "results");
        if (Directory.Exists(results))
        {
            files.AddRange(Directory.GetFiles(results).Order(StringComparer.Ordinal));
        }

        string logPath = Path.Combine(artifacts, "calibration-benchmarks.log");
        File.WriteAllText(logPath, log.GetLog());
        files.Add(logPath);
        string environment = summaries.Length > 0 ? string.Join("; ", summaries[0].HostEnvironmentInfo.ToFormattedString()) : "";
        return new Outcome(MeasurementTable.Sorted(measurements), failures, files, environment);
    }

    /// <summary>
    /// Runs every case of <paramref name="types"/> on its own, each while the machine is undisturbed if it can be
    /// had: a reference micro-kernel (<see cref="MachineSpeedProbe"/>, against the fastest time it has run in this
    /// session) is timed before and after each case, on one core and, for a case that keeps several cores busy, on
    /// every core at once, and a case during which it ran more than
    /// <see cref="MachineSpeedProbe.TolerancePercent"/> slower is repeated through <paramref name="gate"/>. A second
    /// pass repeats the cases kept from a disturbed attempt against the session's final reference, since the reference
    /// only becomes fast once the machine has been calm. Returns the outcome and one sentence on the retries.
    /// </summary>
    public static (Outcome Outcome, string Method) RunEachUndisturbed(Job job, IReadOnlyList<Type> types, string artifacts, LeastDisturbed gate, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(gate);
        // The reference on one core, and on every core at once for the cases that keep several busy.
        MachineSpeedProbe probe = MachineSpeedProbe.SelfReferenced();
        for (int i = 0; i < 5; i++)
        {
            probe.Seconds();
        }

        MachineSpeedProbe? allCores = MachineSpeedProbe.OnEveryCore(5);

        (Type Type, KernelCase Case)[] cases = [.. types.SelectMany(t => Cases([t]).Select(c => (t, c)))];
        var kept = new (Outcome Outcome, (double One, double All) Reference)[cases.Length];
        int attempts = 0;
        bool SeveralCores(int index) => allCores is not null && cases[index].Case.Cores > 1;
        (double One, double All) Reference(int index) => (probe.Seconds(), SeveralCores(index) ? allCores!.Seconds() : double.NaN);

        // Against the fastest times seen so far: a reference kept from an early attempt is judged again at the end.
        double Slowdown((double One, double All) r) =>
            Math.Max(probe.SlowdownPercent(r.One), double.IsNaN(r.All) ? double.NegativeInfinity : allCores!.SlowdownPercent(r.All));
        static double Disturbance(double slowdownPercent) => Math.Max(0, slowdownPercent) / MachineSpeedProbe.TolerancePercent;
        void Measure(int index)
        {
            ((Outcome o, (double One, double All) worst), _) = gate.Run(() =>
            {
                string folder = Path.Combine(artifacts, string.Create(CultureInfo.InvariantCulture, $"attempt-{attempts++:D4}"));
                (double One, double All) before = Reference(index);
                Outcome attempt = Run(job, [cases[index].Type], folder, smallestCaseOnly: false, verbose, cases[index].Case);
                (double One, double All) after = Reference(index);
                (double One, double All) slowest = (Math.Max(before.One, after.One), Math.Max(before.All, after.All));
                return ((attempt, slowest), Disturbance(Slowdown(slowest)));
            }, (d, pause) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"calibration: {cases[index].Case}: the reference GEMM ran {d * MachineSpeedProbe.TolerancePercent:0}% slower than its fastest; repeating in {pause.Seconds:0} s")));
            if (kept[index].Outcome is null || Slowdown(worst) < Slowdown(kept[index].Reference))
            {
                kept[index] = (o, worst);
            }
        }

        for (int i = 0; i < cases.Length; i++)
        {
            Measure(i);
        }

        for (int i = 0; i < cases.Length; i++)
        {
            if (Disturbance(Slowdown(kept[i].Reference)) > 1)
            {
                Measure(i);
            }
        }

        KernelMeasurement[] measurements = [.. kept.SelectMany(k => k.Outcome.Measurements.Select(m => m with { ReferenceSlowdownPercent = Slowdown(k.Reference) }))];
        string method = string.Create(CultureInfo.InvariantCulture,
            $"each case on its own, repeated up to {gate.Attempts - 1} times while the reference GEMM (64x512x512, one thread; for cases that keep several cores busy also one copy per core at once) ran more than {MachineSpeedProbe.TolerancePercent:0}% slower than its fastest in the session, before or after it, ")
            + string.Create(CultureInfo.InvariantCulture,
            $"within {gate.Patience.Seconds / 60:0} minutes of waiting ({gate.Retries} repeats, {gate.Waited.Seconds / 60:0.#} minutes waited); kept cases: reference {measurements.Select(m => m.ReferenceSlowdownPercent).DefaultIfEmpty(double.NaN).Min():+0;-0}% to {measurements.Select(m => m.ReferenceSlowdownPercent).DefaultIfEmpty(double.NaN).Max():+0;-0}%, {measurements.Count(m => m.Disturbed)} above the tolerance");
        var files = new List<string>();
        for (int i = 0; i < kept.Length; i++)
        {
            // One case's reports per attempt: numbered by the case's place in the table, so that none overwrites another.
            foreach (string file in kept[i].Outcome.ExportedFiles)
            {
                string numbered = Path.Combine(Path.GetDirectoryName(file)!, string.Create(CultureInfo.InvariantCulture, $"{i + 1:D2}-{Path.GetFileName(file)}"));
                File.Move(file, numbered);
                files.Add(numbered);
            }
        }

        Outcome outcome = new(
            MeasurementTable.Sorted(measurements),
            [.. kept.SelectMany(k => k.Outcome.Failures)],
            files,
            kept.Select(k => k.Outcome.Environment).FirstOrDefault(e => e.Length > 0) ?? "");
        return (outcome, method);
    }

    /// <summary>Every case BenchmarkDotNet would run for <paramref name="types"/>, in table order.</summary>
    public static IReadOnlyList<KernelCase> Cases(IReadOnlyList<Type> types)
    {
        IConfig config = ManualConfig.CreateEmpty().AddJob(Job.Dry);
        return [.. types.SelectMany(t => BenchmarkConverter.TypeToBenchmarks(t, config).BenchmarksCases)
            .Select(CaseOf)
            .OrderBy(c => c.Kernel).ThenBy(c => c.Parameters, StringComparer.Ordinal)];
    }

    private static KernelCase CaseOf(BenchmarkCase benchmarkCase) => KernelCase.FromBenchmark(benchmarkCase.Descriptor.Type,
        benchmarkCase.Parameters.Items.Select(p => KeyValuePair.Create<string, object?>(p.Name, p.Value)));
}
