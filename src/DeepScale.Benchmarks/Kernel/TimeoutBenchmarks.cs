using BenchmarkDotNet.Attributes;

using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;

namespace DeepScale.Benchmarks.Kernel;

/// <summary>Processes waiting on timeouts: event creation, queueing and process resumption together.</summary>
[MemoryDiagnoser]
public class TimeoutBenchmarks
{
    [Params(1, 1000)]
    public int Processes { get; set; }

    [Benchmark(OperationsPerInvoke = 100_000)]
    public long ProcessTimeouts()
    {
        var sim = new Simulation(7);
        int perProcess = 100_000 / Processes;
        IEnumerable<Event> Loop()
        {
            for (int i = 0; i < perProcess; i++)
            {
                yield return sim.Timeout(new Duration(1 + sim.Random.NextInt(1000)));
            }
        }

        for (int p = 0; p < Processes; p++)
        {
            sim.Process(Loop());
        }

        sim.Run();
        return sim.ProcessedEvents;
    }
}
