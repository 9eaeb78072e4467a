using BenchmarkDotNet.Attributes;

using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Host;

/// <summary>Memory copy of 256 KiB (L2), 4 MiB (L3) and 64 MiB (DRAM), on 1 and 2 threads: achievable bandwidth.</summary>
[MemoryDiagnoser]
public class MemoryCopyBenchmarks : IHostBenchmark
{
    private byte[] _source = [];
    private byte[] _destination = [];

    [Params(256 << 10, 4 << 20, 64 << 20)]
    public int Length { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    public IKernelWork Work => new MemoryCopyShape(Length);

    [GlobalSetup]
    public void Setup()
    {
        _source = new byte[Length];
        _source.AsSpan().Fill(0x5A);
        _destination = new byte[Length];
        _destination.AsSpan().Fill(0xA5);
    }

    [Benchmark(Baseline = true)]
    public void Copy() => MemoryCopy.Copy(_source, _destination, Threads);
}
