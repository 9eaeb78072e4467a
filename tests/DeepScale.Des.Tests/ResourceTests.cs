using DeepScale.Core.Random;
using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Des.Monitoring;
using DeepScale.Des.Resources;

namespace DeepScale.Des.Tests;

[TestClass]
public sealed class ResourceTests
{
    [TestMethod]
    [DataRow(1, 11UL)]
    [DataRow(2, 12UL)]
    [DataRow(3, 13UL)]
    [DataRow(7, 14UL)]
    public void Resource_RandomArrivals_CapacityNeverExceededAndFifoKept(int capacity, ulong seed)
    {
        var sim = new Simulation(seed);
        var resource = new Resource(sim, capacity);
        int holding = 0;
        int maxHolding = 0;
        var requestedAt = new List<int>();
        var grantedOrder = new List<int>();
        IEnumerable<Event> User(int id)
        {
            yield return sim.Timeout(Duration.FromSeconds(sim.Random.Exponential(0.5)));
            requestedAt.Add(id);
            using Request request = resource.Request();
            yield return request;
            grantedOrder.Add(id);
            holding++;
            maxHolding = Math.Max(maxHolding, holding);
            Assert.IsLessThanOrEqualTo(capacity, resource.InUse);
            yield return sim.Timeout(Duration.FromSeconds(sim.Random.Exponential(1.0)));
            holding--;
        }

        for (int i = 0; i < 500; i++)
        {
            sim.Process(User(i));
        }

        sim.Run();
        Assert.AreEqual(capacity, maxHolding);
        Assert.AreEqual(0, resource.InUse);
        CollectionAssert.AreEqual(requestedAt, grantedOrder);
    }

    [TestMethod]
    public void Resource_PriorityDiscipline_LowestValueFirstThenFifo()
    {
        var sim = new Simulation();
        var resource = new Resource(sim, 1, ResourceQueueDiscipline.Priority);
        var order = new List<string>();
        IEnumerable<Event> User(string name, int priority, double arrive)
        {
            yield return sim.Timeout(Duration.FromSeconds(arrive));
            using Request request = resource.Request(priority);
            yield return request;
            order.Add(name);
            yield return sim.Timeout(Duration.FromSeconds(10));
        }

        sim.Process(User("holder", 5, 0));
        sim.Process(User("low-a", 3, 1));
        sim.Process(User("high", 1, 2));
        sim.Process(User("low-b", 3, 3));
        sim.Run();
        CollectionAssert.AreEqual(new[] { "holder", "high", "low-a", "low-b" }, order);
    }

    [TestMethod]
    public void Release_NotHeld_ThrowsAndLeavesResourceConsistent()
    {
        var sim = new Simulation();
        var resource = new Resource(sim, 1, name: "gpu0");
        Request first = resource.Request();
        Request second = resource.Request();
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => resource.Release(second));
        Assert.Contains("not held", ex.Message);
        resource.Release(first);
        Assert.ThrowsExactly<InvalidOperationException>(() => resource.Release(first));
        Assert.AreEqual(1, resource.InUse);
        Assert.AreEqual(RequestStatus.Granted, second.Status);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(-3)]
    public void Resource_NonPositiveCapacity_Throws(int capacity) =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Resource(new Simulation(), capacity));

    [TestMethod]
    public void Request_DisposedWhileWaiting_IsWithdrawn()
    {
        var sim = new Simulation();
        var resource = new Resource(sim, 1);
        Request holder = resource.Request();
        Request waiting = resource.Request();
        Request next = resource.Request();
        waiting.Dispose();
        Assert.AreEqual(1, resource.QueueLength);
        holder.Dispose();
        Assert.AreEqual(RequestStatus.Cancelled, waiting.Status);
        Assert.AreEqual(RequestStatus.Granted, next.Status);
    }

    [TestMethod]
    public void Request_ProcessInterruptedWhileHolding_UsingReleasesSlot()
    {
        var sim = new Simulation();
        var resource = new Resource(sim, 1);
        IEnumerable<Event> Holder()
        {
            using Request request = resource.Request();
            yield return request;
            yield return sim.Timeout(Duration.FromSeconds(100));
        }

        Process holder = sim.Process(Holder());
        holder.Defused = true;
        double grantedAt = -1;
        IEnumerable<Event> Next()
        {
            yield return sim.Timeout(Duration.FromSeconds(1));
            using Request request = resource.Request();
            yield return request;
            grantedAt = sim.Now.Seconds;
        }

        sim.Process(Next());
        sim.Timeout(Duration.FromSeconds(5)).AddCallback(_ => holder.Interrupt("preempted"));
        sim.Run();
        Assert.AreEqual(5.0, grantedAt, 1e-12);
    }

    [TestMethod]
    public void Utilization_TimeWeighted_MatchesHandCalculation()
    {
        var sim = new Simulation();
        var resource = new Resource(sim, 2) { Utilization = new TimeWeightedMonitor(sim.Now) };
        IEnumerable<Event> Use(double start, double hold)
        {
            yield return sim.Timeout(Duration.FromSeconds(start));
            using Request request = resource.Request();
            yield return request;
            yield return sim.Timeout(Duration.FromSeconds(hold));
        }

        sim.Process(Use(0, 4));   // one slot busy 0..4
        sim.Process(Use(2, 6));   // second slot busy 2..8
        sim.Run();
        // Busy slot-seconds = 4 + 6 = 10 over 2 slots and 8 s = 0.625.
        Assert.AreEqual(0.625, resource.Utilization!.Mean(sim.Now), 1e-12);
        Assert.AreEqual(1.0, resource.Utilization.Maximum, 1e-12);
    }

    [TestMethod]
    public void MM1_MeanWaitAndUtilization_MatchQueueingTheory()
    {
        // M/M/1 with λ = 0.8, μ = 1: Wq = ρ/(μ − λ) = 4.0, utilization ρ = 0.8 (Kleinrock, Queueing Systems I, §3.2).
        // Waits of successive customers are strongly correlated, so the tolerance comes from batch means: 40
        // batches of 5,000 customers give an estimate of the standard error, and the test asks for agreement within
        // four of them (a failure probability below 1e-4 for a correct kernel).
        const double lambda = 0.8;
        const int customers = 200_000;
        const int batches = 40;
        var sim = new Simulation(2024);
        var server = new Resource(sim, 1) { Utilization = new TimeWeightedMonitor(SimTime.Zero) };
        var waits = new double[customers];
        int served = 0;
        IEnumerable<Event> Customer(int id)
        {
            SimTime arrival = sim.Now;
            using Request request = server.Request();
            yield return request;
            waits[id] = (sim.Now - arrival).Seconds;
            yield return sim.Timeout(Duration.FromSeconds(sim.Random.Exponential(1.0)));
            served++;
        }

        IEnumerable<Event> Source()
        {
            for (int i = 0; i < customers; i++)
            {
                yield return sim.Timeout(Duration.FromSeconds(sim.Random.Exponential(1 / lambda)));
                sim.Process(Customer(i));
            }
        }

        sim.Process(Source());
        sim.Run();
        Assert.AreEqual(customers, served);
        int size = customers / batches;
        double[] means = Enumerable.Range(0, batches).Select(b => waits.Skip(b * size).Take(size).Average()).ToArray();
        double mean = means.Average();
        double standardError = Math.Sqrt(means.Sum(m => (m - mean) * (m - mean)) / (batches - 1) / batches);
        double theory = lambda / (1 - lambda);
        Assert.AreEqual(theory, mean, 4 * standardError, $"mean wait {mean:F3}, standard error {standardError:F3}");
        Assert.IsLessThan(0.1 * theory, standardError);
        Assert.AreEqual(lambda, server.Utilization!.Mean(sim.Now), 0.01);
    }
}
