using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Des.Resources;

namespace DeepScale.Des.Tests;

[TestClass]
public sealed class SimulationTests
{
    [TestMethod]
    public void Run_SameSeed_IdenticalEventTrace()
    {
        string first = Trace(seed: 5);
        string second = Trace(seed: 5);
        string other = Trace(seed: 6);
        Assert.AreEqual(first, second);
        Assert.AreNotEqual(first, other);
    }

    private static string Trace(ulong seed)
    {
        var sim = new Simulation(seed);
        var log = new System.Text.StringBuilder();
        var resource = new Resource(sim, 2);
        var net = new FairShareNetwork(sim);
        BandwidthLink link = net.AddLink(ByteRate.FromGBps(10));
        IEnumerable<Event> Worker(int id)
        {
            for (int k = 0; k < 30; k++)
            {
                yield return sim.Timeout(Duration.FromSeconds(sim.Random.Exponential(1)));
                using (Request r = resource.Request())
                {
                    yield return r;
                    log.Append($"{sim.Now.Ticks}:{id}:grant;");
                    yield return net.Transfer(Bytes.FromMB(1 + sim.Random.NextInt(100)), link);
                    log.Append($"{sim.Now.Ticks}:{id}:sent;");
                }
            }
        }

        for (int i = 0; i < 8; i++)
        {
            sim.Process(Worker(i));
        }

        sim.Run();
        return log.ToString();
    }

    [TestMethod]
    public void Timeout_NegativeDelay_ThrowsAndQueueUnchanged()
    {
        var sim = new Simulation();
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => sim.Timeout(new Duration(-1)));
        Assert.AreEqual(0, sim.QueuedEvents);
    }

    [TestMethod]
    public void Run_FinishedSimulation_ThrowsEmptySchedule()
    {
        var sim = new Simulation();
        sim.Timeout(Duration.FromSeconds(1));
        sim.Run();
        var ex = Assert.ThrowsExactly<EmptyScheduleException>(() => sim.Run());
        Assert.Contains("finished", ex.Message);
        Assert.ThrowsExactly<EmptyScheduleException>(() => sim.Step());
        sim.Timeout(Duration.FromSeconds(1));
        sim.Run();
        Assert.AreEqual(2.0, sim.Now.Seconds, 1e-12);
    }

    [TestMethod]
    public void RunUntil_TimeInThePast_Throws()
    {
        var sim = new Simulation();
        sim.RunFor(Duration.FromSeconds(3));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => sim.Run(SimTime.FromSeconds(1)));
        Assert.AreEqual(3.0, sim.Now.Seconds, 1e-12);
    }

    [TestMethod]
    public void Event_TriggeredTwice_Throws()
    {
        var sim = new Simulation();
        Event<int> e = sim.Event<int>();
        e.Succeed(1);
        Assert.ThrowsExactly<InvalidOperationException>(() => e.Succeed(2));
        Assert.ThrowsExactly<InvalidOperationException>(() => e.Fail(new Exception("x")));
        sim.Run();
        Assert.AreEqual(1, e.Value);
    }

    [TestMethod]
    public void Event_FailedAndDefused_DoesNotStopRun()
    {
        var sim = new Simulation();
        Event<int> e = sim.Event<int>();
        e.Fail(new InvalidOperationException("ignored"));
        e.Defused = true;
        sim.Timeout(Duration.FromSeconds(1));
        sim.Run();
        Assert.IsNull(sim.Fault);
        Assert.IsTrue(e.IsFailed);
    }

    [TestMethod]
    public void RunUntilEvent_NeverHappens_ThrowsWhenEventsRunOut()
    {
        var sim = new Simulation();
        Event<int> never = sim.Event<int>();
        sim.Timeout(Duration.FromSeconds(1));
        var ex = Assert.ThrowsExactly<SimulationException>(() => sim.Run(never));
        Assert.Contains("has not happened", ex.Message);
    }

    [TestMethod]
    public void Step_ProcessesOneEventAndAdvancesClock()
    {
        var sim = new Simulation();
        sim.Timeout(Duration.FromSeconds(2));
        sim.Timeout(Duration.FromSeconds(1));
        sim.Step();
        Assert.AreEqual(1.0, sim.Now.Seconds, 1e-12);
        Assert.AreEqual(1, sim.ProcessedEvents);
        Assert.AreEqual(2.0, sim.PeekNextTime().Seconds, 1e-12);
    }

    [TestMethod]
    public void Clock_NeverGoesBackwards_UnderMixedLoad()
    {
        var sim = new Simulation(8);
        long last = 0;
        bool backwards = false;
        IEnumerable<Event> Noise()
        {
            for (int i = 0; i < 2000; i++)
            {
                int kind = sim.Random.NextInt(3);
                yield return kind == 0 ? sim.Timeout(Duration.Zero)
                    : kind == 1 ? sim.Timeout(new Duration(sim.Random.NextInt(10)))
                    : sim.Timeout(Duration.FromSeconds(sim.Random.Exponential(1)), EventPriority.Urgent);
                backwards |= sim.Now.Ticks < last;
                last = sim.Now.Ticks;
            }
        }

        for (int p = 0; p < 20; p++)
        {
            sim.Process(Noise());
        }

        sim.Run();
        Assert.IsFalse(backwards);
    }
}
