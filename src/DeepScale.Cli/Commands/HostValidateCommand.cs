using System.Globalization;
using System.Text;

using DeepScale.Benchmarks;
using DeepScale.Benchmarks.Calibration;
using DeepScale.Core.Units;
using DeepScale.Experiments.HostValidation;
using DeepScale.Hardware.Catalog;
using DeepScale.HostLab.Training;

namespace DeepScale.Cli.Commands;

/// <summary>
/// <c>deepscale host-validate</c>: predicts the real CPU trainer for K = 1, 2, 4 worker processes from its spec and
/// the calibrated host-cpu profile, then runs it on this machine several times per K (or, with <c>--quick</c>, reads
/// the committed measurement), and writes results/validation/host-cpu.csv, host-cpu.png, host-cpu.md and, after a
/// measurement, host-cpu.measurements.json.
/// </summary>
public static class HostValidateCommand
{
    public const string Help = """
        deepscale host-validate [--quick] [--runs N] [--steps N] [--patience MIN]

        Predicts `deepscale train-real` (the MLP of experiments/host-validation/mlp-host.yaml) with K = 1, 2, 4 worker
        processes from the calibrated host-cpu profile (results/calibration/host-cpu.json) and prints the predictions,
        then runs the real trainer N times per K, round after round, and compares: step time and its parts (compute,
        all-reduce, optimizer, data loading), median over the runs with the fastest and slowest run.

          --quick    do not run the trainer: compare with the committed measurement
                     (results/validation/host-cpu.measurements.json), so the check does not depend on this machine's noise
          --runs N   runs per K, 1 … 50 (default 5)
          --steps N  steps per run, 20 … 100000 (default 1000; the first tenth is warm-up)
          --patience MIN  minutes spent in all waiting for an undisturbed machine, 0 … 120 (default 15)

        Writes results/validation/host-cpu.csv (config,predicted_s,measured_s,error_pct,measured_min_s,measured_max_s,runs),
        host-cpu.png (predicted vs measured, and the scaling curve), host-cpu.md (the paragraph for
        results/validation/README.md) and, after measuring, host-cpu.measurements.json. Measure on an otherwise idle
        machine: each run records how much CPU other processes used meanwhile and is retried (up to three times) when
        that exceeds 5% of a core, or when a reference micro-kernel timed just before or after it (the trainer's
        64x512x512 GEMM) runs more than 10% slower than at calibration (a virtual machine whose host is busy): up to
        six attempts per run, waiting 5, 10, 20, 40 and 60 s between them while the patience lasts; the least
        disturbed attempt is kept. Exit code 0 whether or not the accuracy targets are met.
        """;

    /// <summary>A run is retried when other processes used more than this share of one core during it.</summary>
    private const double DisturbedPercent = 5;

    /// <summary>Seed of the trainer's data set and weights (the train-real default).</summary>
    private const ulong Seed = 1;

    public static int Run(CommandLine cl)
    {
        ArgumentNullException.ThrowIfNull(cl);
        if (cl.Help)
        {
            Console.WriteLine(Help);
            return 0;
        }

        if (cl.Positional.Count > 0)
        {
            throw new UsageException($"host-validate: unexpected argument '{cl.Positional[0]}'; run 'deepscale host-validate --help'");
        }

        bool quick = cl.Has("--quick");
        int runs = cl.Int("--runs", 5, 1, 50);
        int steps = cl.Int("--steps", 1000, 20, 100_000);
        Duration patience = Duration.FromSeconds(60.0 * cl.Int("--patience", 15, 0, 120));
        var options = new HostValidationOptions { Root = RepositoryPaths.Root() };
        HardwareCatalog catalog = HostValidationLab.Catalog(options);
        foreach (string warning in catalog.Warnings)
        {
            Console.Error.WriteLine($"deepscale: warning: {warning}");
        }

        IReadOnlyList<HostPrediction> predictions = HostValidationLab.Predict(options, catalog);
        Console.WriteLine($"host-validate: predictions from {Relative(options, options.ResolvedSpec)} with {Relative(options, options.ResolvedCalibration)} " +
            $"({(catalog.HostCpu.IsPlaceholder ? "placeholder" : "calibrated")} host-cpu, {catalog.HostCpu.Cores} cores), before any run:");
        foreach (HostPrediction p in predictions)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  K={p.Workers}  step {p.StepTime,10}  compute {p.Compute,10}  all-reduce {p.AllReduce,10}  optimizer {p.Optimizer,10}  data {p.DataLoading,10}"));
        }

        HostMeasurementSet measured;
        if (quick)
        {
            measured = HostMeasurementJson.ReadFile(options.MeasurementPath);
            Console.WriteLine($"host-validate: --quick: reusing the committed measurement {Relative(options, options.MeasurementPath)} " +
                $"(taken {measured.Taken}), not running the trainer");
        }
        else
        {
            measured = Measure(options, runs, steps, patience);
            Directory.CreateDirectory(options.ResolvedOutput);
            HostValidationReport.WriteAtomically(options.MeasurementPath, HostMeasurementJson.Serialize(measured));
        }

        HostValidationResult result = HostValidationLab.Compare(predictions, measured, quick);
        HostValidationReport.Write(result, options, catalog);
        HostValidationChart.Save(result, options.ChartPath);
        Console.Write(Describe(result));
        foreach (string path in new[] { options.CsvPath, options.ChartPath, options.ParagraphPath }.Concat(quick ? [] : [options.MeasurementPath]))
        {
            Console.WriteLine($"wrote {Relative(options, path)}");
        }

        return 0;
    }

    /// <summary>Runs the trainer <paramref name="runs"/> rounds of every K, each run on an otherwise idle machine if it can be had.</summary>
    private static HostMeasurementSet Measure(HostValidationOptions options, int runs, int steps, Duration patience)
    {
        Console.WriteLine($"host-validate: measuring {runs} run(s) of {steps} steps per K; load average {LoadAverage()}");
        var byWorkers = options.Workers.ToDictionary(k => k, _ => new List<HostTrainerRun>());
        (MachineSpeedProbe? probe, string? missing) = MachineSpeedProbe.Open(Path.GetDirectoryName(options.ResolvedCalibration)!);
        if (probe is null)
        {
            Console.Error.WriteLine($"deepscale: warning: no reference micro-kernel to check the machine's speed against ({missing})");
        }

        // With several workers, the same GEMM on every core at once too, against its fastest in this session: a
        // neighbour taking one virtual CPU leaves the one-core reference at full speed.
        MachineSpeedProbe? allCores = MachineSpeedProbe.OnEveryCore(3);

        var gate = new LeastDisturbed(patience, Duration.FromSeconds(5), Duration.FromSeconds(60));
        var slowdowns = new List<double>();
        string machine = "";
        for (int round = 0; round < runs; round++)
        {
            foreach (int k in options.Workers)
            {
                ((HostTrainerRun best, double bestSlowdown), _) = gate.Run(() =>
                {
                    MachineSpeedProbe? several = k > 1 ? allCores : null;
                    double before = probe?.SlowdownPercent() ?? double.NaN;
                    double allBefore = several?.SlowdownPercent() ?? 0;
                    (HostTrainerRun run, string host) = RunOnce(k, steps);
                    machine = host;
                    double slowdown = Math.Max(before, probe?.SlowdownPercent() ?? double.NaN);
                    double allSlowdown = Math.Max(allBefore, several?.SlowdownPercent() ?? 0);

                    // Disturbance in units of each check's threshold.
                    double disturbance = Math.Max(Math.Max(run.OtherLoadPercent / DisturbedPercent, allSlowdown / MachineSpeedProbe.TolerancePercent),
                        double.IsNaN(slowdown) ? 0 : slowdown / MachineSpeedProbe.TolerancePercent);
                    return ((run, slowdown), disturbance);
                }, (disturbance, pause) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  K={k} run {round + 1}: disturbed ({disturbance:0.0} times the threshold of other processes' load or the reference GEMM's slowdown); retrying in {pause.Seconds:0} s")));
                byWorkers[k].Add(best);
                if (!double.IsNaN(bestSlowdown))
                {
                    slowdowns.Add(bestSlowdown);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  K={k} run {round + 1}/{runs}: step {best.StepTime} (median {best.MedianStepTime}), other load {best.OtherLoadPercent:0.0}%, reference GEMM {bestSlowdown:+0.0;-0.0}%"));
            }
        }

        string method = string.Create(CultureInfo.InvariantCulture,
            $"deepscale host-validate, {runs} runs per K of train-real with {steps} steps ({steps / 10} warm-up), seed {Seed}, ") +
            $"K order {string.Join(", ", options.Workers)} in every round; a run during which other processes used more than {DisturbedPercent:0}% " +
            $"of a core, or before or after which the reference GEMM (64x512x512, one thread) ran more than {MachineSpeedProbe.TolerancePercent:0}% slower than at calibration " +
            $"(with K > 1 also one copy per core at once, against its fastest in the session), " +
            string.Create(CultureInfo.InvariantCulture, $"was retried up to {gate.Attempts - 1} times while {patience.Seconds / 60:0} minutes of waiting lasted ({gate.Retries} retries, {gate.Waited.Seconds / 60:0.#} minutes waited)") +
            (slowdowns.Count == 0 ? "; the reference GEMM was not available"
                : string.Create(CultureInfo.InvariantCulture, $"; reference GEMM against calibration: {slowdowns.Min():+0;-0}% to {slowdowns.Max():+0;-0}% over the kept runs"));
        return new HostMeasurementSet(
            DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            machine,
            method,
            [.. options.Workers.Select(k => new HostMeasurement(k, byWorkers[k]))]);
    }

    private static (HostTrainerRun Run, string Machine) RunOnce(int workers, int steps)
    {
        TrainerOptions trainer = TrainRealCommand.OptionsFor(workers, steps, Seed) with { WarmupSteps = steps / 10 };
        CpuSample before = CpuSample.Take();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TrainerResult result = RealTrainer.Run(trainer);
        Duration wall = Duration.FromSeconds(clock.Elapsed.TotalSeconds);
        CpuSample after = CpuSample.Take();
        StepTiming mean = result.MeanStep;
        double[] totals = [.. result.Workers.SelectMany(w => w.MeasuredSteps).Select(s => s.Total.Seconds).Order()];
        double median = totals.Length == 0 ? 0 : totals.Length % 2 == 1 ? totals[totals.Length / 2] : (totals[(totals.Length / 2) - 1] + totals[totals.Length / 2]) / 2;
        var run = new HostTrainerRun(workers, steps, trainer.WarmupSteps, mean.Total, Duration.FromSeconds(median), mean.DataLoading, mean.Forward,
            mean.Backward, mean.AllReduce, mean.Optimizer, CpuSample.OtherPercent(before, after, wall), result.FinalTestAccuracy);
        return (run, $"{ProcessorName()} ({result.ProcessorCount} logical processors, {result.GemmKernel} GEMM)");
    }

    private static string Describe(HostValidationResult result)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"host-validate: {(result.ReusedMeasurement ? "committed" : "new")} measurement of {result.Measurements.Taken}\n");
        sb.Append("  config                                   predicted    measured (min - max)              error\n");
        foreach (HostComparisonRow r in result.StepRows.Concat(result.Rows.Where(r => r.Part != HostPart.StepTime).OrderBy(r => r.Workers).ThenBy(r => r.Part)))
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"  {r.Config,-38} {r.Predicted,10}  {r.Measured,10} ({r.MeasuredMin} - {r.MeasuredMax})  {r.ErrorPercent,8:+0.0;-0.0;0.0}%\n");
        }

        sb.Append(CultureInfo.InvariantCulture,
            $"  step time: every K within {HostValidationResult.StepTargetPercent:0}%: {Yes(result.StepRows.All(r => Math.Abs(r.ErrorPercent) <= HostValidationResult.StepTargetPercent))}; ");
        sb.Append(CultureInfo.InvariantCulture,
            $"mean |error| {result.MeanAbsStepErrorPercent:0.0}% (target {HostValidationResult.MeanTargetPercent:0}%); ");
        sb.Append(CultureInfo.InvariantCulture,
            $"largest part within {HostValidationResult.LargestPartTargetPercent:0}%: {string.Join(", ", result.LargestParts.Select(r => $"K={r.Workers} {HostComparisonRow.PartName(r.Part)} {r.ErrorPercent:+0.0;-0.0;0.0}%"))}\n");
        sb.Append(CultureInfo.InvariantCulture, $"  acceptance: {(result.Accepted ? "met" : "NOT met")}\n");
        return sb.ToString();
    }

    private static string Yes(bool ok) => ok ? "yes" : "no";

    private static string Relative(HostValidationOptions options, string path) => Path.GetRelativePath(options.Root, path);

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string ProcessorName()
    {
        try
        {
            string? line = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                : null;
            return line is null ? "unknown processor" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown processor";
        }
    }

    /// <summary>
    /// The machine's busy CPU time and this process's own and its finished children's CPU time (Linux /proc, in
    /// clock ticks of USER_HZ = 100 per second, the value the kernel exports to user space on x86 and arm; proc(5)).
    /// </summary>
    private readonly record struct CpuSample(long Busy, long Own, bool Valid)
    {
        private const double TicksPerSecond = 100;

        public static CpuSample Take()
        {
            try
            {
                if (!File.Exists("/proc/stat") || !File.Exists("/proc/self/stat"))
                {
                    return default;
                }

                long[] cpu = [.. File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                    .Select(v => long.Parse(v, CultureInfo.InvariantCulture))];
                long busy = cpu.Sum() - cpu[3] - cpu[4];
                string self = File.ReadAllText("/proc/self/stat");
                string[] fields = self[(self.LastIndexOf(')') + 2)..].Split(' ');
                // After the command name: state is field 3, so utime, stime, cutime, cstime (fields 14-17) are at 11-14.
                long own = fields.Skip(11).Take(4).Sum(v => long.Parse(v, CultureInfo.InvariantCulture));
                return new CpuSample(busy, own, true);
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or InvalidOperationException)
            {
                return default;
            }
        }

        /// <summary>CPU time used by everything but this process and its children between two samples, in percent of one core.</summary>
        public static double OtherPercent(CpuSample before, CpuSample after, Duration wall)
        {
            if (!before.Valid || !after.Valid || wall <= Duration.Zero)
            {
                return double.NaN;
            }

            double other = ((after.Busy - before.Busy) - (after.Own - before.Own)) / TicksPerSecond;
            return Math.Max(0, 100 * other / wall.Seconds);
        }
    }
}
