using DeepScale.Core.Random;
using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;

namespace DeepScale.Des.Tests;

[TestClass]
public sealed class EventQueueTests
{
    [TestMethod]
    public void Run_ManyEventsAtSameTime_ProcessedInInsertionOrder()
    {
        var sim = new Simulation();
        var order = new List<int>();
        const int n = 5000; // far beyond the 1,024 where SimSharp loses FIFO order
        for (int i = 0; i < n; i++)
        {
            int id = i;
            sim.Timeout(Duration.FromSeconds(1)).AddCallback(_ => order.Add(id));
        }

        sim.Run();
        CollectionAssert.AreEqual(Enumerable.Range(0, n).ToList(), order);
    }

    [TestMethod]
    public void Run_TiesAtCurrentAndFutureTime_UrgentFirstThenFifo()
    {
        var sim = new Simulation();
        var order = new List<string>();
        sim.Timeout(Duration.FromSeconds(1)).AddCallback(_ => order.Add("n1"));
        sim.Timeout(Duration.FromSeconds(1), EventPriority.Urgent).AddCallback(_ => order.Add("u1"));
        sim.Timeout(Duration.FromSeconds(1)).AddCallback(_ =>
        {
            order.Add("n2");
            sim.Timeout(Duration.Zero).AddCallback(_ => order.Add("n-now"));
            sim.Timeout(Duration.Zero, EventPriority.Urgent).AddCallback(_ => order.Add("u-now"));
        });
        sim.Timeout(Duration.FromSeconds(1)).AddCallback(_ => order.Add("n3"));
        sim.Run();
        CollectionAssert.AreEqual(new[] { "u1", "n1", "n2", "u-now", "n3", "n-now" }, order);
    }

    [TestMethod]
    public void Queue_RandomInterleavedPushPop_MatchesSortedReference()
    {
        var random = new DeterministicRandom(3);
        var sim = new Simulation();
        var queue = new EventQueue();
        Event item = sim.Event<int>();
        var reference = new SortedSet<(long Time, int Priority, long Seq)>();
        long now = 0;
        long seq = 0;
        for (int step = 0; step < 200_000; step++)
        {
            bool push = reference.Count == 0 || random.NextDouble() < 0.52;
            if (push)
            {
                // Many ties: delays from a small set, some zero (current instant), both priorities.
                long delay = random.NextInt(4) == 0 ? 0 : 1 + random.NextInt(random.NextInt(2) == 0 ? 3 : 5000);
                var priority = random.NextInt(5) == 0 ? EventPriority.Urgent : EventPriority.Normal;
                queue.Push(now + delay, priority, item, now);
                reference.Add((now + delay, (int)priority, seq++));
            }
            else
            {
                EventQueue.Entry e = queue.Pop();
                (long Time, int Priority, long Seq) expected = reference.Min;
                reference.Remove(expected);
                Assert.AreEqual(expected.Time, e.Time);
                Assert.AreEqual(((long)expected.Priority << 56) | expected.Seq, e.Order);
                now = e.Time;
            }
        }
    }

    [TestMethod]
    public void Queue_PeekPastClockThenEarlierPush_KeepsOrder()
    {
        var sim = new Simulation();
        var queue = new EventQueue();
        Event item = sim.Event<int>();
        queue.Push(1000, EventPriority.Normal, item, 0);
        Assert.AreEqual(1000, queue.PeekTime());
        queue.Push(10, EventPriority.Normal, item, 0);
        queue.Push(10, EventPriority.Urgent, item, 0);
        Assert.AreEqual(10, queue.Pop().Time);
        Assert.AreEqual(10, queue.Pop().Time);
        Assert.AreEqual(1000, queue.Pop().Time);
        Assert.AreEqual(0, queue.Count);
    }

    [TestMethod]
    public void RunUntil_ThenScheduleEarlierThanPeeked_ProcessesInTimeOrder()
    {
        var sim = new Simulation();
        var seen = new List<double>();
        sim.Timeout(Duration.FromSeconds(10)).AddCallback(_ => seen.Add(sim.Now.Seconds));
        sim.Run(SimTime.FromSeconds(5));
        Assert.AreEqual(5.0, sim.Now.Seconds, 1e-12);
        sim.Timeout(Duration.FromSeconds(1)).AddCallback(_ => seen.Add(sim.Now.Seconds));
        sim.Timeout(Duration.Zero).AddCallback(_ => seen.Add(sim.Now.Seconds));
        sim.Run();
        CollectionAssert.AreEqual(new[] { 5.0, 6.0, 10.0 }, seen);
    }
}
