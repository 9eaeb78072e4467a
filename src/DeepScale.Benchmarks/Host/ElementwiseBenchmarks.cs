using BenchmarkDotNet.Attributes;

using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Host;

/// <summary>
/// Element-wise kernels over arrays of 64 Ki, 1 Mi and 16 Mi floats: 256 KiB per array stays in the 1 MiB L2,
/// 4 MiB per array sits in L3, 64 MiB per array streams from DRAM. The bandwidth curve of the host.
/// </summary>
[MemoryDiagnoser]
public class ElementwiseBenchmarks : IHostBenchmark
{
    private float[] _x = [];
    private float[] _y = [];
    private float[] _z = [];

    [Params(ElementwiseOp.Add, ElementwiseOp.Scale, ElementwiseOp.Axpy, ElementwiseOp.Relu, ElementwiseOp.Gelu)]
    public ElementwiseOp Op { get; set; }

    [Params(1 << 16, 1 << 20, 1 << 24)]
    public int Length { get; set; }

    public IKernelWork Work => new ElementwiseShape(Op, Length);

    [GlobalSetup]
    public void Setup()
    {
        _x = HostData.Uniform(Length, 1);
        _y = HostData.Uniform(Length, 2);
        _z = new float[Length];
        _z.AsSpan().Fill(1f);
    }

    [Benchmark(Baseline = true)]
    public void Run() => Elementwise.Run(Op, _x, _y, _z);
}
