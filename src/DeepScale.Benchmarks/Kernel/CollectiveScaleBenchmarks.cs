using BenchmarkDotNet.Attributes;

using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;

namespace DeepScale.Benchmarks.Kernel;

/// <summary>
/// What <c>deepscale collective --system dgx-a100-80gb --gpus N --op all-reduce --bytes "1 GiB" --fidelity
/// analytical</c> does, from an empty process state: build the cluster of N / 8 DGX A100 on its fat tree, then
/// choose and cost the all-reduce over every GPU (routing the ring and tree edges it needs). 8,192 nodes are
/// 65,536 GPUs.
/// </summary>
[MemoryDiagnoser]
public class CollectiveScaleBenchmarks
{
    [Params(1024, 8192)]
    public int Nodes { get; set; }

    [Benchmark]
    public double BuildAndEstimateAllReduce()
    {
        Cluster c = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", Nodes));
        CollectiveEstimate e = new CollectiveModel(c).Estimate(new CollectiveRequest(CollectiveOp.AllReduce, [.. c.Accelerators], Bytes.FromGiB(1)));
        return e.Time.Seconds;
    }
}
