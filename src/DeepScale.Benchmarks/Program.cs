using System.Globalization;

using DeepScale.Benchmarks;
using DeepScale.Benchmarks.Anchors;
using DeepScale.Benchmarks.Host;
using DeepScale.HostLab.Processes;

// The loopback all-reduce benchmark starts its peer as a process of this executable.
if (HostLabEntry.TryRun(args, out int workerExit))
{
    return workerExit;
}

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

string mode = args.Length > 0 ? args[0] : "help";
return mode switch
{
    "anchors" => AnchorRunner.RunAll(Path.Combine(RepositoryPaths.Root(), "results", "benchmarks"),
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3),
    "anchor" when args.Length > 1 => AnchorRunner.RunOne(args[1]),
    "micro" => MicroBenchmarks.Run(args[1..]),
    "host" => MicroBenchmarks.Run(args[1..], HostBenchmarks.Types),
    "calibrate" => Calibrate(args[1..]),
    _ => Usage(),
};

static int Calibrate(string[] rest)
{
    var mode = rest.Contains("--quick") ? DeepScale.Benchmarks.Calibration.CalibrationMode.Quick
        : rest.Contains("--refit") ? DeepScale.Benchmarks.Calibration.CalibrationMode.Refit
        : DeepScale.Benchmarks.Calibration.CalibrationMode.Full;
    var result = DeepScale.Benchmarks.Calibration.CalibrationRunner.Run(new DeepScale.Benchmarks.Calibration.CalibrationOptions { Mode = mode });
    Console.Error.Write(result.Describe());
    return result.Succeeded ? 0 : 1;
}

static int Usage()
{
    Console.Error.WriteLine("""
        DeepScale benchmarks
          anchors [REPETITIONS]   the three kernel anchor workloads, each in a fresh process (median of 3);
                                  writes results/benchmarks/des-anchors.csv
          anchor WORKLOAD         one run of timeouts | mm1-resource | ring-allreduce in this process
          micro [--job dry|short|default] [--filter PATTERN]
                                  BenchmarkDotNet micro-benchmarks of the kernel's hot paths
          calibrate [--quick|--refit]
                                  fit the host-cpu profile (same as deepscale calibrate)
          host [--job dry|short|default] [--filter PATTERN]
                                  the host CPU micro-kernels (GEMM, conv, element-wise, copy, loopback all-reduce, file reads)
        Run with -c Release: dotnet run -c Release --project src/DeepScale.Benchmarks -- anchors
        """);
    return 2;
}
