using BenchmarkDotNet.Attributes;

using DeepScale.Core.Random;
using DeepScale.Des;
using DeepScale.Des.Events;

namespace DeepScale.Benchmarks.Kernel;

/// <summary>Push and pop through the event queue at a steady size (the hold model), the kernel's innermost loop.</summary>
[MemoryDiagnoser]
public class EventQueueBenchmarks
{
    private EventQueue _queue = null!;
    private Event _item = null!;
    private long[] _delays = null!;

    [Params(64, 1024, 65536)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var sim = new Simulation();
        _item = sim.Event<int>();
        _queue = new EventQueue();
        var random = new DeterministicRandom(1);
        _delays = new long[4096];
        for (int i = 0; i < _delays.Length; i++)
        {
            _delays[i] = 1 + (long)random.Exponential(1_000_000);
        }

        for (int i = 0; i < Size; i++)
        {
            _queue.Push(_delays[i % _delays.Length], EventPriority.Normal, _item, 0);
        }
    }

    [Benchmark(OperationsPerInvoke = 4096)]
    public long HoldPopPush()
    {
        long last = 0;
        for (int i = 0; i < 4096; i++)
        {
            EventQueue.Entry e = _queue.Pop();
            last = e.Time;
            _queue.Push(e.Time + _delays[i], EventPriority.Normal, _item, e.Time);
        }

        return last;
    }
}
