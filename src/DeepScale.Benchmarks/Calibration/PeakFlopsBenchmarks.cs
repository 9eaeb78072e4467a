using BenchmarkDotNet.Attributes;

using DeepScale.Benchmarks.Host;
using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>The peak-FLOP probe (<see cref="FmaProbe"/>) on 1 and 2 threads: the dense FP32 peak of the host.</summary>
[MemoryDiagnoser]
public class PeakFlopsBenchmarks : IHostBenchmark
{
    /// <summary>Loop iterations per thread: about 0.4–1 ms per invocation on a current core.</summary>
    private const int Iterations = 1 << 18;

    [Params(1, 2)]
    public int Threads { get; set; }

    public IKernelWork Work => FmaProbe.Work(Iterations, Threads);

    [Benchmark(Baseline = true)]
    public float Fma() => FmaProbe.Run(Iterations, Threads);
}
