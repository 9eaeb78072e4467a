using BenchmarkDotNet.Attributes;

using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Host;

/// <summary>2-D convolution (im2col + GEMM) on a few CNN layer shapes, on 1 and 2 threads.</summary>
[MemoryDiagnoser]
public class Conv2dBenchmarks : IHostBenchmark
{
    private float[] _input = [];
    private float[] _weights = [];
    private float[] _bias = [];
    private float[] _output = [];

    /// <summary>A small CIFAR-like layer, a ResNet-like 3×3 layer, and a strided 5×5 stem.</summary>
    public static IEnumerable<Conv2dShape> Shapes =>
    [
        new(8, 16, 32, 32, 32, 3, 1, 1),
        new(1, 64, 56, 56, 64, 3, 1, 1),
        new(8, 3, 64, 64, 16, 5, 2, 2),
    ];

    [ParamsSource(nameof(Shapes))]
    public Conv2dShape Shape { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    public IKernelWork Work => Shape;

    [GlobalSetup]
    public void Setup()
    {
        _input = HostData.Uniform(Shape.InputElements, 1);
        _weights = HostData.Uniform(Shape.WeightElements, 2);
        _bias = HostData.Uniform(Shape.OutChannels, 3);
        _output = new float[Shape.OutputElements];
    }

    [Benchmark(Baseline = true)]
    public void Forward() => Conv2d.Forward(_input, _weights, _bias, _output, Shape, Threads);
}
