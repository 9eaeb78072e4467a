using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Des.Resources;

namespace DeepScale.Benchmarks.Anchors;

/// <summary>
/// The three kernel speed anchors, exactly as defined in shared/bench/des-workloads.md: (a) timeouts, (b) an M/M/1
/// queue on a resource, (c) lock-step ring all-reduces over resources and stores. Abstract time units of the
/// definitions are read as seconds. Each returns its unit count and the sanity values the definition prints.
/// </summary>
public static class AnchorWorkloads
{
    /// <summary>Seed of every anchor run (the definition's seed 42).</summary>
    public const ulong Seed = 42;

    /// <summary>(a) P processes each firing exponential timeouts of mean 1 until T.</summary>
    public static AnchorOutcome Timeouts(int processes = 1000, double until = 10_000)
    {
        var sim = new Simulation(Seed);
        long fired = 0;
        IEnumerable<Event> Ticker()
        {
            while (true)
            {
                yield return sim.Timeout(Duration.FromSeconds(sim.Random.Exponential(1.0)));
                fired++;
            }
        }

        for (int p = 0; p < processes; p++)
        {
            sim.Process(Ticker());
        }

        sim.Run(SimTime.FromSeconds(until));
        return new AnchorOutcome("timeouts", fired, sim.ProcessedEvents, $"fired={fired}");
    }

    /// <summary>(b) N customers through one FIFO server: arrivals at rate 0.9, service of mean 1.</summary>
    public static AnchorOutcome MM1(int customers = 1_000_000)
    {
        var sim = new Simulation(Seed);
        var server = new Resource(sim, 1);
        long served = 0;
        double waitSum = 0;
        double busySum = 0;

        IEnumerable<Event> Customer()
        {
            SimTime arrival = sim.Now;
            using Request request = server.Request();
            yield return request;
            waitSum += (sim.Now - arrival).Seconds;
            double service = sim.Random.Exponential(1.0);
            yield return sim.Timeout(Duration.FromSeconds(service));
            busySum += service;
            request.Dispose();
            served++;
        }

        IEnumerable<Event> Source()
        {
            for (int i = 0; i < customers; i++)
            {
                yield return sim.Timeout(Duration.FromSeconds(sim.Random.Exponential(1 / 0.9)));
                sim.Process(Customer());
            }
        }

        sim.Process(Source());
        sim.Run();
        double end = sim.Now.Seconds;
        return new AnchorOutcome("mm1-resource", served, sim.ProcessedEvents,
            FormattableString.Invariant($"mean_wait={waitSum / served:F3} utilization={busySum / end:F4} end={end:F0}"));
    }

    /// <summary>(c) R back-to-back ring all-reduces of G GPUs, 2(G−1) steps each, one chunk per link and step.</summary>
    public static AnchorOutcome RingAllReduce(int gpus = 64, int allReduces = 1000)
    {
        var sim = new Simulation(Seed);
        var links = new Resource[gpus];
        var inboxes = new Store<object>[gpus];
        for (int i = 0; i < gpus; i++)
        {
            links[i] = new Resource(sim, 1);
            inboxes[i] = new Store<object>(sim);
        }

        int steps = 2 * (gpus - 1);
        Duration chunkTime = Duration.FromSeconds(1e-3);
        object token = new();
        long transfers = 0;

        IEnumerable<Event> Gpu(int i)
        {
            Resource link = links[i];
            Store<object> next = inboxes[(i + 1) % gpus];
            Store<object> inbox = inboxes[i];
            for (int s = 0; s < steps; s++)
            {
                using (Request request = link.Request())
                {
                    yield return request;
                    yield return sim.Timeout(chunkTime);
                }

                next.Put(token);
                yield return inbox.Get();
                transfers++;
            }
        }

        IEnumerable<Event> Driver()
        {
            var gpuProcesses = new Process[gpus];
            for (int r = 0; r < allReduces; r++)
            {
                for (int i = 0; i < gpus; i++)
                {
                    gpuProcesses[i] = sim.Process(Gpu(i));
                }

                yield return sim.AllOf(gpuProcesses);
            }
        }

        sim.Process(Driver());
        sim.Run();
        return new AnchorOutcome("ring-allreduce", transfers, sim.ProcessedEvents,
            FormattableString.Invariant($"end={sim.Now.Seconds:F6}"));
    }
}
