using BenchmarkDotNet.Attributes;

using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;

namespace DeepScale.Benchmarks.Kernel;

/// <summary>
/// Event-driven replay of a 1 GiB ring all-reduce over 1,024 GPUs (128 DGX A100 nodes on a fat tree): 8 rail rings
/// of 2,046 lock-step steps each, replayed as weighted bundles over about 8,700 directed links of the kernel's
/// fair-share network. <see cref="MaxRoundsPerRun"/> 64 is the default resolution (consecutive steps merged into
/// 64 kernel rounds); 2046 replays every ring step as its own bundle. The warm case reuses the collective model
/// (routes, rings and link patterns already known); the cold case builds it, as a first replay on a cluster does.
/// </summary>
[MemoryDiagnoser]
public class CollectiveReplayBenchmarks
{
    private Cluster _cluster = null!;
    private CollectiveModel _model = null!;
    private CollectiveRequest _request = null!;
    private CollectiveReplayOptions _options = null!;

    [Params(64, 2046)]
    public int MaxRoundsPerRun { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _cluster = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", 128));
        _request = new CollectiveRequest(CollectiveOp.AllReduce, _cluster.Accelerators, Bytes.FromGiB(1)) { Algorithm = CollectiveAlgorithm.Ring };
        _model = new CollectiveModel(_cluster);
        _model.Estimate(_request);
        _options = new CollectiveReplayOptions { MaxRoundsPerRun = MaxRoundsPerRun };
    }

    [Benchmark(Baseline = true)]
    public Duration RingAllReduce1024Warm() => CollectiveReplay.Run(_cluster, _request, _options, _model).Time;

    [Benchmark]
    public Duration RingAllReduce1024Cold() => CollectiveReplay.Run(_cluster, _request, _options, new CollectiveModel(_cluster)).Time;
}
