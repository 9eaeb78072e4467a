using BenchmarkDotNet.Attributes;

using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Host;

/// <summary>
/// Dense float32 GEMM from small to large, square and skinny (M or N or K small), plain and with a transposed
/// operand (the backward-pass forms), on 1 and 2 threads: the data for the host's GEMM efficiency curve.
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks : IHostBenchmark
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    /// <summary>Square sizes 64…1024, the three skinny forms at 1024, and the trainer's default layer shapes
    /// (micro-batch 64, width 512) in their forward and two backward forms.</summary>
    public static IEnumerable<GemmShape> Shapes =>
    [
        new(64, 64, 64),
        new(256, 256, 256),
        new(512, 512, 512),
        new(1024, 1024, 1024),
        new(64, 1024, 1024),
        new(1024, 64, 1024),
        new(1024, 1024, 64),
        new(64, 512, 512),
        new(512, 512, 64, TransposeA: true),
        new(64, 512, 512, TransposeB: true),
    ];

    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    public IKernelWork Work => Shape;

    [GlobalSetup]
    public void Setup()
    {
        _a = HostData.Uniform(Shape.ElementsA, 1);
        _b = HostData.Uniform(Shape.ElementsB, 2);
        _c = new float[Shape.ElementsC];
    }

    [Benchmark(Baseline = true)]
    public void Multiply() => Gemm.Multiply(_a, _b, _c, Shape, Threads);
}
