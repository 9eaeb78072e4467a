using BenchmarkDotNet.Attributes;

using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Des.Resources;

namespace DeepScale.Benchmarks.Kernel;

/// <summary>
/// Flows starting and draining on a shared network: a ring of links where each transfer crosses two adjacent links,
/// so every start and end reallocates rates over a connected neighbourhood.
/// </summary>
[MemoryDiagnoser]
public class FairShareBenchmarks
{
    [Params(8, 256)]
    public int Links { get; set; }

    [Benchmark(OperationsPerInvoke = 20_000)]
    public long OverlappingTransfers()
    {
        var sim = new Simulation(7);
        var network = new FairShareNetwork(sim);
        var links = new BandwidthLink[Links];
        for (int i = 0; i < Links; i++)
        {
            links[i] = network.AddLink(ByteRate.FromGBps(100));
        }

        int perSender = 20_000 / Links;
        IEnumerable<Event> Sender(int i)
        {
            BandwidthLink[] path = [links[i], links[(i + 1) % Links]];
            for (int k = 0; k < perSender; k++)
            {
                yield return network.Transfer(Bytes.FromMiB(1 + sim.Random.NextInt(4)), path, Duration.FromMicroseconds(1));
            }
        }

        for (int i = 0; i < Links; i++)
        {
            sim.Process(Sender(i));
        }

        sim.Run();
        return sim.ProcessedEvents;
    }
}
