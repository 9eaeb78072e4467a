using BenchmarkDotNet.Attributes;

using DeepScale.Hardware.Topology;

namespace DeepScale.Benchmarks.Kernel;

/// <summary>Building a 1,024-GPU DGX A100 fat tree and routing every ring neighbour (what a replay does first).</summary>
[MemoryDiagnoser]
public class TopologyBenchmarks
{
    [Params(16, 128)]
    public int Nodes { get; set; }

    [Benchmark]
    public int BuildAndRouteRing()
    {
        Cluster c = ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", Nodes));
        int hops = 0;
        for (int r = 0; r < c.AcceleratorCount; r++)
        {
            hops += c.Route(c.Accelerators[r], c.Accelerators[(r + 1) % c.AcceleratorCount]).Hops;
        }

        return hops;
    }
}
