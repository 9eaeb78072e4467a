using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;

using Timeout = DeepScale.Des.Events.Timeout;

namespace DeepScale.Des.Tests;

[TestClass]
public sealed class ProcessTests
{
    [TestMethod]
    public void Process_ReturnsValue_WaiterReceivesIt()
    {
        var sim = new Simulation();
        IEnumerable<Event> Child()
        {
            yield return sim.Timeout(Duration.FromSeconds(2));
            yield return sim.Return(42);
        }

        int received = 0;
        IEnumerable<Event> Parent()
        {
            Process<int> child = sim.Process<int>(Child());
            yield return child;
            received = child.Value;
        }

        sim.Process(Parent());
        sim.Run();
        Assert.AreEqual(42, received);
        Assert.AreEqual(2.0, sim.Now.Seconds, 1e-12);
    }

    [TestMethod]
    public void Process_WrongResultType_FailsTheProcess()
    {
        var sim = new Simulation();
        IEnumerable<Event> Body()
        {
            yield return sim.Return("text");
        }

        Process<int> p = sim.Process<int>(Body());
        p.Defused = true;
        sim.Run();
        Assert.IsInstanceOfType<InvalidCastException>(p.Exception);
    }

    [TestMethod]
    public void Process_WaitsOnFailedEventAndHandles_ContinuesWithTheException()
    {
        var sim = new Simulation();
        Event<int> signal = sim.Event<int>();
        string? seen = null;
        IEnumerable<Event> Waiter()
        {
            yield return signal;
            seen = sim.ActiveProcess!.HandleFault()?.Message;
            yield return sim.Timeout(Duration.FromSeconds(1));
        }

        IEnumerable<Event> Failer()
        {
            yield return sim.Timeout(Duration.FromSeconds(1));
            signal.Fail(new InvalidOperationException("disk on fire"));
        }

        Process waiter = sim.Process(Waiter());
        sim.Process(Failer());
        sim.Run();
        Assert.AreEqual("disk on fire", seen);
        Assert.IsTrue(waiter.IsOk);
        Assert.AreEqual(2.0, sim.Now.Seconds, 1e-12);
    }

    [TestMethod]
    public void Process_IgnoresFault_FailsAndStopsRunWhenUnwatched()
    {
        var sim = new Simulation();
        Event<int> signal = sim.Event<int>();
        IEnumerable<Event> Careless()
        {
            yield return signal;
            yield return sim.Timeout(Duration.FromSeconds(1));
        }

        sim.Process(Careless(), "careless");
        signal.Fail(new InvalidOperationException("boom"));
        var ex = Assert.ThrowsExactly<UnhandledEventFailureException>(() => sim.Run());
        Assert.Contains("Process(careless)", ex.Message);
        Assert.Contains("boom", ex.Message);
        Assert.ThrowsExactly<SimulationException>(() => sim.Run());
    }

    [TestMethod]
    public void Process_BodyThrows_WaiterSeesFailure()
    {
        var sim = new Simulation();
        IEnumerable<Event> Faulty()
        {
            yield return sim.Timeout(Duration.FromSeconds(1));
            throw new ArgumentException("bad shape");
        }

        Exception? seen = null;
        IEnumerable<Event> Watcher()
        {
            yield return sim.Process(Faulty());
            seen = sim.ActiveProcess!.HandleFault();
        }

        sim.Process(Watcher());
        sim.Run();
        Assert.IsInstanceOfType<ArgumentException>(seen);
    }

    [TestMethod]
    public void Interrupt_WhileWaiting_ResumesAtInterruptTimeWithCause()
    {
        var sim = new Simulation();
        object? cause = null;
        double resumedAt = -1;
        int resumptions = 0;
        IEnumerable<Event> Sleeper()
        {
            yield return sim.Timeout(Duration.FromSeconds(10));
            resumptions++;
            if (sim.ActiveProcess!.TryHandleInterrupt(out cause))
            {
                resumedAt = sim.Now.Seconds;
            }

            yield return sim.Timeout(Duration.FromSeconds(1));
        }

        Process sleeper = sim.Process(Sleeper());
        IEnumerable<Event> Alarm()
        {
            yield return sim.Timeout(Duration.FromSeconds(3));
            sleeper.Interrupt("wake up");
        }

        sim.Process(Alarm());
        sim.Run();
        Assert.AreEqual("wake up", cause);
        Assert.AreEqual(3.0, resumedAt, 1e-12);
        Assert.AreEqual(1, resumptions);
        Assert.AreEqual(10.0, sim.Now.Seconds, 1e-12); // the abandoned timeout still fires, resuming nobody
        Assert.IsTrue(sleeper.IsOk);
    }

    [TestMethod]
    public void Interrupt_Unhandled_FailsProcessWithInterruptException()
    {
        var sim = new Simulation();
        IEnumerable<Event> Sleeper()
        {
            yield return sim.Timeout(Duration.FromSeconds(10));
            yield return sim.Timeout(Duration.FromSeconds(10));
        }

        Process sleeper = sim.Process(Sleeper());
        sleeper.Defused = true;
        sim.Timeout(Duration.FromSeconds(1)).AddCallback(_ => sleeper.Interrupt());
        sim.Run();
        Assert.IsInstanceOfType<InterruptException>(sleeper.Exception);
        Assert.IsFalse(sleeper.IsAlive);
    }

    [TestMethod]
    public void Interrupt_FinishedProcess_Throws()
    {
        var sim = new Simulation();
        IEnumerable<Event> Quick()
        {
            yield return sim.Timeout(Duration.Zero);
        }

        Process p = sim.Process(Quick());
        sim.Run();
        Assert.ThrowsExactly<InvalidOperationException>(() => p.Interrupt());
    }

    [TestMethod]
    public void AllOf_WaitsForLast_ValueListsAll()
    {
        var sim = new Simulation();
        Timeout a = sim.Timeout(Duration.FromSeconds(1));
        Timeout b = sim.Timeout(Duration.FromSeconds(3));
        Timeout c = sim.Timeout(Duration.FromSeconds(2));
        AllOf all = sim.AllOf(a, b, c);
        double at = -1;
        all.AddCallback(_ => at = sim.Now.Seconds);
        sim.Run();
        Assert.AreEqual(3.0, at, 1e-12);
        Assert.HasCount(3, all.Value);
        CollectionAssert.AreEqual(new Event[] { a, b, c }, all.Value.ToArray());
    }

    [TestMethod]
    public void AddCallback_WithState_RunsWithEventAndState()
    {
        var sim = new Simulation();
        Timeout t = sim.Timeout(Duration.FromSeconds(2));
        var seen = new List<(Event, string)>();
        t.AddCallback(static (e, log) => log.Add((e, "first")), seen);
        t.AddCallback(_ => seen.Add((t, "second")));
        sim.Run();
        Assert.HasCount(2, seen);
        Assert.AreSame(t, seen[0].Item1);
        Assert.AreEqual("first", seen[0].Item2);
        Assert.AreEqual("second", seen[1].Item2);
    }

    [TestMethod]
    public void AnyOf_FirstWins_ValueHoldsIt()
    {
        var sim = new Simulation();
        Timeout slow = sim.Timeout(Duration.FromSeconds(5));
        Timeout fast = sim.Timeout(Duration.FromSeconds(2));
        AnyOf any = sim.AnyOf(slow, fast);
        double at = -1;
        any.AddCallback(_ => at = sim.Now.Seconds);
        sim.Run();
        Assert.AreEqual(2.0, at, 1e-12);
        Assert.AreSame(fast, any.Value.Single());
    }

    [TestMethod]
    public void AllOf_MemberFails_ConditionFailsWithIt()
    {
        var sim = new Simulation();
        Event<int> bad = sim.Event<int>();
        AllOf all = sim.AllOf(sim.Timeout(Duration.FromSeconds(1)), bad);
        all.Defused = true;
        bad.Fail(new TimeoutException("late"));
        sim.Run();
        Assert.IsInstanceOfType<TimeoutException>(all.Exception);
    }

    [TestMethod]
    public void Conditions_Empty_SucceedAtOnce()
    {
        var sim = new Simulation();
        AllOf all = sim.AllOf();
        AnyOf any = sim.AnyOf();
        sim.Run();
        Assert.IsTrue(all.IsOk);
        Assert.IsTrue(any.IsOk);
        Assert.AreEqual(0.0, sim.Now.Seconds);
    }

    [TestMethod]
    public void RunUntilEvent_ReturnsItsValue()
    {
        var sim = new Simulation();
        IEnumerable<Event> Body()
        {
            yield return sim.Timeout(Duration.FromMilliseconds(7));
            yield return sim.Return(7);
        }

        Process<int> p = sim.Process<int>(Body());
        sim.Process(Forever(sim));
        Assert.AreEqual(7, (int)sim.Run<object?>(p)!);
        Assert.AreEqual(7.0, sim.Now.Seconds * 1000, 1e-9);
    }

    private static IEnumerable<Event> Forever(Simulation sim)
    {
        while (true)
        {
            yield return sim.Timeout(Duration.FromSeconds(1));
        }
    }
}
