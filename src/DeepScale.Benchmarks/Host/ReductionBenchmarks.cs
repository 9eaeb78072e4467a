using BenchmarkDotNet.Attributes;

using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Host;

/// <summary>Sum reduction over L2-, L3- and DRAM-resident arrays (256 KiB, 4 MiB, 64 MiB).</summary>
[MemoryDiagnoser]
public class ReductionBenchmarks : IHostBenchmark
{
    private float[] _x = [];

    [Params(1 << 16, 1 << 20, 1 << 24)]
    public int Length { get; set; }

    public IKernelWork Work => new ReductionShape(Length);

    [GlobalSetup]
    public void Setup() => _x = HostData.Uniform(Length, 1);

    [Benchmark(Baseline = true)]
    public float Sum() => Reduction.Sum(_x);
}
