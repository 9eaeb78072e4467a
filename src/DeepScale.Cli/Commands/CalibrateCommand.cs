using DeepScale.Benchmarks.Calibration;

namespace DeepScale.Cli.Commands;

/// <summary><c>deepscale calibrate</c>: measures this machine's micro-kernels and fits the host-cpu device profile.</summary>
public static class CalibrateCommand
{
    public const string Help = """
        deepscale calibrate [--quick | --refit] [--out DIR]

        Runs the host micro-kernels (GEMM, convolution, element-wise, reductions, softmax, layer norm, memory copy,
        loopback all-reduce, file reads) with BenchmarkDotNet, fits the host-cpu profile (peak and GEMM ceiling,
        memory bandwidths, loopback α/β, storage bandwidth, overheads), checks each kernel against the profile fitted
        without it (leave-one-out), and writes results/calibration/host-cpu.json, host-cpu-fit.json,
        leave-one-out.csv, measurements.csv and the raw BenchmarkDotNet reports.

          --quick   a dry in-process run (seconds) that checks the pipeline end to end and that the committed
                    calibration reproduces from its committed measurements; it fits nothing new
          --refit   refit the committed measurements without measuring
          --out DIR where to write (default results/calibration)

        A full run takes about ten minutes on 2 cores; run it on an otherwise idle machine. Before measuring, it times
        the trainer's 64x512x512 GEMM against the committed calibration's median and warns when the machine runs
        more than 10% slower than then (a busy virtual-machine host): a calibration taken in that state records it.
        """;

    public static int Run(CommandLine cl)
    {
        if (cl.Help)
        {
            Console.WriteLine(Help);
            return 0;
        }

        if (cl.Has("--quick") && cl.Has("--refit"))
        {
            throw new UsageException("calibrate: --quick and --refit exclude each other");
        }

        CalibrationMode mode = cl.Has("--quick") ? CalibrationMode.Quick : cl.Has("--refit") ? CalibrationMode.Refit : CalibrationMode.Full;
        if (mode == CalibrationMode.Full && MachineSpeedProbe.Open(CalibrationOptions.DefaultDirectory).Probe is { } probe
            && SpeedWarning(probe.SlowdownPercent()) is { } warning)
        {
            Console.Error.WriteLine($"deepscale: warning: {warning}");
        }

        // The committed calibration is the repository's, wherever this run writes.
        CalibrationResult result = CalibrationRunner.Run(new CalibrationOptions
        {
            Mode = mode,
            OutputDirectory = cl.Value("--out"),
            CommittedDirectory = CalibrationOptions.DefaultDirectory,
        });
        Console.Error.Write(result.Describe());
        return result.Succeeded ? 0 : 1;
    }

    /// <summary>The warning for a reference kernel <paramref name="slowdownPercent"/> slower than at the committed calibration, or null within the tolerance.</summary>
    public static string? SpeedWarning(double slowdownPercent) => slowdownPercent > MachineSpeedProbe.TolerancePercent
        ? FormattableString.Invariant(
            $"the reference GEMM (64x512x512, one thread) runs {slowdownPercent:0}% slower than at the committed calibration; the machine is busy or has changed, and this calibration will record its present speed")
        : null;
}
