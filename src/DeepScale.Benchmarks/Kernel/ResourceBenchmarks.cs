using BenchmarkDotNet.Attributes;

using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Des.Resources;

namespace DeepScale.Benchmarks.Kernel;

/// <summary>Request, hold and release of a contended resource, and store hand-overs between two processes.</summary>
[MemoryDiagnoser]
public class ResourceBenchmarks
{
    private const int Operations = 50_000;

    [Benchmark(OperationsPerInvoke = Operations)]
    public long ContendedResource()
    {
        var sim = new Simulation(7);
        var resource = new Resource(sim, 2);
        IEnumerable<Event> User()
        {
            for (int i = 0; i < Operations / 4; i++)
            {
                using Request request = resource.Request();
                yield return request;
                yield return sim.Timeout(new Duration(10));
            }
        }

        for (int p = 0; p < 4; p++)
        {
            sim.Process(User());
        }

        sim.Run();
        return sim.ProcessedEvents;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public long StoreHandOver()
    {
        var sim = new Simulation(7);
        var store = new Store<int>(sim);
        IEnumerable<Event> Producer()
        {
            for (int i = 0; i < Operations; i++)
            {
                store.Put(i);
                yield return sim.Timeout(new Duration(1));
            }
        }

        IEnumerable<Event> Consumer()
        {
            for (int i = 0; i < Operations; i++)
            {
                yield return store.Get();
            }
        }

        sim.Process(Producer());
        sim.Process(Consumer());
        sim.Run();
        return sim.ProcessedEvents;
    }
}
