using BenchmarkDotNet.Attributes;

using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Host;

/// <summary>Row softmax: classifier logits (64×10), a vocabulary-sized row (64×32768) and attention-like rows (1024×1024).</summary>
[MemoryDiagnoser]
public class SoftmaxBenchmarks : IHostBenchmark
{
    private float[] _x = [];
    private float[] _y = [];

    public static IEnumerable<RowwiseShape> Shapes =>
    [
        new(RowwiseOp.Softmax, 64, 10),
        new(RowwiseOp.Softmax, 1024, 1024),
        new(RowwiseOp.Softmax, 64, 32768),
    ];

    [ParamsSource(nameof(Shapes))]
    public RowwiseShape Shape { get; set; }

    public IKernelWork Work => Shape;

    [GlobalSetup]
    public void Setup()
    {
        _x = HostData.Uniform(Shape.Elements, 1);
        _y = new float[Shape.Elements];
    }

    [Benchmark(Baseline = true)]
    public void Rows() => Softmax.Rows(_x, _y, Shape.Rows, Shape.Cols);
}
