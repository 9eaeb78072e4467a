using BenchmarkDotNet.Attributes;

using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Host;

/// <summary>Row layer normalisation on transformer-like shapes (tokens × hidden): 64×512, 512×1024, 2048×4096.</summary>
[MemoryDiagnoser]
public class LayerNormBenchmarks : IHostBenchmark
{
    private float[] _x = [];
    private float[] _gamma = [];
    private float[] _beta = [];
    private float[] _y = [];

    public static IEnumerable<RowwiseShape> Shapes =>
    [
        new(RowwiseOp.LayerNorm, 64, 512),
        new(RowwiseOp.LayerNorm, 512, 1024),
        new(RowwiseOp.LayerNorm, 2048, 4096),
    ];

    [ParamsSource(nameof(Shapes))]
    public RowwiseShape Shape { get; set; }

    public IKernelWork Work => Shape;

    [GlobalSetup]
    public void Setup()
    {
        _x = HostData.Uniform(Shape.Elements, 1);
        _gamma = HostData.Uniform(Shape.Cols, 2);
        _beta = HostData.Uniform(Shape.Cols, 3);
        _y = new float[Shape.Elements];
    }

    [Benchmark(Baseline = true)]
    public void Rows() => LayerNorm.Rows(_x, _gamma, _beta, _y, Shape.Rows, Shape.Cols);
}
