using DeepScale.Benchmarks.Calibration;
using DeepScale.Core.Units;

namespace DeepScale.Cli.Commands;

/// <summary><c>deepscale calibrate</c>: measures this machine's micro-kernels and fits the host-cpu device profile.</summary>
public static class CalibrateCommand
{
    public const string Help = """
        deepscale calibrate [--quick | --refit] [--kernels NAME[,NAME…]] [--out DIR] [--patience MIN]

        Runs the host micro-kernels (GEMM, convolution, element-wise, reductions, softmax, layer norm, memory copy,
        loopback all-reduce, file reads) with BenchmarkDotNet, fits the host-cpu profile (peak and GEMM ceiling,
        memory bandwidths, loopback α/β, storage bandwidth, overheads), checks each kernel against the profile fitted
        without it (leave-one-out), and writes results/calibration/host-cpu.json, host-cpu-fit.json,
        leave-one-out.csv, measurements.csv and the raw BenchmarkDotNet reports.

          --quick   a dry in-process run (seconds) that checks the pipeline end to end and that the committed
                    calibration reproduces from its committed measurements; it fits nothing new
          --refit   refit the committed measurements without measuring
          --kernels measure only these kernels (gemm, conv2d, elementwise, reduction, softmax, layer_norm,
                    memory_copy, file_read, all_reduce, peak_flops), keep every other case from the committed
                    measurements, and fit them all; the new raw reports go to raw-NAME/
          --out DIR where to write (default results/calibration)
          --patience MIN  minutes spent in all waiting for an undisturbed machine, 0 … 120 (default 20)

        A full run takes about ten minutes on 2 cores on an undisturbed machine (8 s per case); run it on an otherwise idle one.
        Each case is measured on its own between two timings of a reference kernel (the trainer's 64x512x512 GEMM,
        one thread); while the reference runs more than 10% slower than its fastest in the run (neighbours loading a
        virtual machine's host), the case is repeated after pauses of 2 to 30 s, at most five times, while the
        patience lasts, and the least disturbed attempt is kept; a second pass repeats the cases still disturbed
        against the final reference. Before measuring, it also warns when the reference runs more than 10% slower
        than at the committed calibration (a busy host, or a different machine).
        """;

    public static int Run(CommandLine cl)
    {
        if (cl.Help)
        {
            Console.WriteLine(Help);
            return 0;
        }

        if (cl.Positional.Count > 0)
        {
            throw new UsageException($"calibrate: unexpected argument '{cl.Positional[0]}'; run 'deepscale calibrate --help'");
        }

        if (cl.Has("--quick") && cl.Has("--refit"))
        {
            throw new UsageException("calibrate: --quick and --refit exclude each other");
        }

        string[] names = cl.Value("--kernels") is { } list ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        if (cl.Has("--kernels") && names.Length == 0)
        {
            throw new UsageException($"calibrate: --kernels '{cl.Value("--kernels")}' names no kernel");
        }

        Duration patience = Duration.FromMinutes(cl.Int("--patience", 20, 0, 120));
        if (cl.Value("--out") is { } outOption)
        {
            OutputFolder.Check("calibrate", "--out", outOption);
        }

        if (names.Length > 0 && (cl.Has("--quick") || cl.Has("--refit")))
        {
            throw new UsageException("calibrate: --kernels measures, so it excludes --quick and --refit");
        }

        HostKernel[] kernels;
        try
        {
            kernels = [.. names.Select(KernelCase.ParseKernel)];
        }
        catch (FormatException e)
        {
            throw new UsageException("calibrate --kernels: " + e.Message);
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
            Patience = patience,
            Kernels = kernels,
        });
        Console.Error.Write(result.Describe());
        return result.Succeeded ? 0 : 1;
    }

    /// <summary>The warning for a reference kernel <paramref name="slowdownPercent"/> slower than at the committed calibration, or null within the tolerance.</summary>
    public static string? SpeedWarning(double slowdownPercent) => slowdownPercent > MachineSpeedProbe.TolerancePercent
        ? FormattableString.Invariant(
            $"the reference GEMM (64x512x512, one thread) runs {slowdownPercent:0}% slower than at the committed calibration; the machine is busy or has changed; each case will wait for the reference to run within 10% of its fastest in this run")
        : null;
}
