using System.Globalization;
using System.Text;

using DeepScale.Core.Random;
using DeepScale.Core.Units;
using DeepScale.Des.Events;
using DeepScale.Des.Resources;

using static DeepScale.Testing.PropertyRunner;

namespace DeepScale.Des.Tests.Properties;

/// <summary>
/// Kernel invariants over randomly generated process mixes: the clock never runs backwards, a resource never grants
/// more slots than it has (interrupts and withdrawn requests included), stores and containers conserve what is put
/// in, and fair-share links never carry more than their capacity while every transfer delivers exactly its bytes.
/// </summary>
[TestClass]
public sealed class KernelPropertyTests
{
    private const int Cases = 200;
    private const int StepLimit = 2_000_000;

    private enum ActionKind
    {
        Wait,
        Hold,
        Put,
        Get,
        Fill,
        Drain,
        Interrupt,
        Race,
    }

    private readonly record struct ProcessAction(ActionKind Kind, long Ticks, int Argument);

    [TestMethod]
    public void Clock_RandomTimeoutsResourcesStoresAndInterrupts_NeverGoesBackwardsAndCapacitiesHold() =>
        ForAll(0xDE5_0000, Cases, ProcessMix);

    [TestMethod]
    public void FairShareNetwork_RandomTransfers_LinksNeverOverCapacityAndEveryTransferDeliversItsBytes() =>
        ForAll(0xDE5_1000, Cases, TransferMix);

    private static void ProcessMix(DeterministicRandom random, StringBuilder log)
    {
        var sim = new Simulation(random.NextUInt64());
        int capacity = 1 + random.NextInt(3);
        ResourceQueueDiscipline discipline = random.NextInt(2) == 0 ? ResourceQueueDiscipline.Fifo : ResourceQueueDiscipline.Priority;
        var resource = new Resource(sim, capacity, discipline);
        int storeCapacity = 1 + random.NextInt(4);
        var store = new Store<int>(sim, storeCapacity);
        const double tank = 100;
        double initialLevel = random.NextInt(101);
        var container = new Container(sim, tank, initialLevel);
        int count = 2 + random.NextInt(10);
        log.Append(CultureInfo.InvariantCulture, $"resource capacity {capacity} {discipline}, store capacity {storeCapacity}, container level {initialLevel}/{tank}, {count} processes").AppendLine();

        var state = new MixState(sim, resource, store, container);
        var actionsOf = new List<ProcessAction[]>();
        for (int p = 0; p < count; p++)
        {
            var actions = new ProcessAction[1 + random.NextInt(12)];
            for (int a = 0; a < actions.Length; a++)
            {
                var kind = (ActionKind)random.NextInt(Enum.GetValues<ActionKind>().Length);
                long ticks = random.NextInt(4) switch
                {
                    0 => 0,
                    1 => 1,
                    _ => 1 + random.NextInt(100_000_000),
                };
                int argument = kind switch
                {
                    ActionKind.Hold => random.NextInt(3),
                    ActionKind.Put or ActionKind.Get => random.NextInt(6),
                    ActionKind.Fill or ActionKind.Drain => 1 + random.NextInt(100),
                    ActionKind.Interrupt => random.NextInt(count),
                    _ => 0,
                };
                actions[a] = new ProcessAction(kind, ticks, argument);
            }

            actionsOf.Add(actions);
            log.Append(CultureInfo.InvariantCulture, $"  p{p}: {string.Join(", ", actions.Select(a => $"{a.Kind}({a.Ticks},{a.Argument})"))}").AppendLine();
        }

        for (int p = 0; p < count; p++)
        {
            state.Processes.Add(sim.Process(Body(state, p, actionsOf[p]), $"p{p}"));
        }

        long previous = sim.Now.Ticks;
        int steps = 0;
        while (sim.QueuedEvents > 0)
        {
            sim.Step();
            Check(++steps < StepLimit, "the mix did not finish");
            Check(sim.Now.Ticks >= previous, $"the clock went back from {previous} to {sim.Now.Ticks} ticks");
            previous = sim.Now.Ticks;
            Check(resource.InUse <= capacity && state.Holders <= resource.InUse,
                $"{state.Holders} holders, {resource.InUse} slots in use of {capacity}");
            Check(store.Count <= storeCapacity, $"store holds {store.Count} items, capacity {storeCapacity}");
            Check(container.Level >= 0 && container.Level <= tank, $"container level {container.Level}");
        }

        int got = state.Gets.Count(g => g.IsTriggered);
        int put = state.Puts.Count(p => p.IsTriggered);
        Check(put == store.Count + got, $"store: {put} items put, {got} taken, {store.Count} left");
        double filled = state.Fills.Where(f => f.IsTriggered).Sum(f => f.Amount);
        double drained = state.Drains.Where(d => d.IsTriggered).Sum(d => d.Amount);
        Check(Math.Abs(initialLevel + filled - drained - container.Level) < 1e-9, $"container: {initialLevel} + {filled} - {drained} != {container.Level}");
        Check(state.Processes.All(p => !p.IsAlive || p.Target is not null), "a live process waits on nothing");
    }

    private static IEnumerable<Event> Body(MixState state, int self, ProcessAction[] actions)
    {
        Simulation sim = state.Sim;
        long seen = sim.Now.Ticks;
        foreach (ProcessAction action in actions)
        {
            switch (action.Kind)
            {
                case ActionKind.Wait:
                    yield return sim.Timeout(new Duration(action.Ticks));
                    break;

                case ActionKind.Hold:
                    using (Request request = state.Resource.Request(action.Argument))
                    {
                        yield return request;
                        if (Resumed(state, ref seen))
                        {
                            break;
                        }

                        state.Holders++;
                        Check(state.Holders <= state.Resource.Capacity, $"{state.Holders} processes hold {state.Resource.Capacity} slots");
                        yield return sim.Timeout(new Duration(action.Ticks));
                        state.Holders--;
                    }

                    break;

                case ActionKind.Put:
                    StorePut<int> put = state.Store.Put(action.Argument);
                    state.Puts.Add(put);
                    yield return put;
                    break;

                case ActionKind.Get:
                    int wanted = action.Argument;
                    StoreGet<int> get = state.Store.Get(wanted % 2 == 0 ? null : item => item >= wanted);
                    state.Gets.Add(get);
                    yield return get;
                    break;

                case ActionKind.Fill:
                    ContainerRequest fill = state.Container.Put(action.Argument);
                    state.Fills.Add(fill);
                    yield return fill;
                    break;

                case ActionKind.Drain:
                    ContainerRequest drain = state.Container.Get(action.Argument);
                    state.Drains.Add(drain);
                    yield return drain;
                    break;

                case ActionKind.Interrupt:
                    Process target = state.Processes[action.Argument];
                    if (action.Argument != self && target.IsAlive)
                    {
                        target.Interrupt(self);
                    }

                    yield return sim.Timeout(Duration.Zero);
                    break;

                default:
                    yield return sim.AnyOf(sim.Timeout(new Duration(action.Ticks)), sim.Timeout(new Duration(action.Ticks / 2)));
                    break;
            }

            Resumed(state, ref seen);
        }
    }

    /// <summary>Checks the clock since the last resume and takes a pending interrupt; true when there was one.</summary>
    private static bool Resumed(MixState state, ref long seen)
    {
        long now = state.Sim.Now.Ticks;
        Check(now >= seen, $"a process resumed at {now} ticks after it had seen {seen}");
        seen = now;
        Exception? fault = state.Sim.ActiveProcess!.HandleFault();
        return fault switch
        {
            null => false,
            InterruptException => true,
            _ => throw new InvalidOperationException("unexpected fault", fault),
        };
    }

    private sealed class MixState(Simulation sim, Resource resource, Store<int> store, Container container)
    {
        public Simulation Sim { get; } = sim;

        public Resource Resource { get; } = resource;

        public Store<int> Store { get; } = store;

        public Container Container { get; } = container;

        public List<Process> Processes { get; } = [];

        public List<StorePut<int>> Puts { get; } = [];

        public List<StoreGet<int>> Gets { get; } = [];

        public List<ContainerRequest> Fills { get; } = [];

        public List<ContainerRequest> Drains { get; } = [];

        /// <summary>Processes that hold a slot of the resource, as they see it.</summary>
        public int Holders { get; set; }
    }

    private sealed record PlannedTransfer(long StartTicks, Bytes Size, int[] Path, double[]? Weights, Duration Latency);

    private static void TransferMix(DeterministicRandom random, StringBuilder log)
    {
        var sim = new Simulation(random.NextUInt64());
        var network = new FairShareNetwork(sim);
        int linkCount = 1 + random.NextInt(6);
        for (int l = 0; l < linkCount; l++)
        {
            // Capacities from 1 MB/s to 100 GB/s, log-uniform.
            network.AddLink(new ByteRate(Math.Pow(10, random.Uniform(6, 11))), $"l{l}");
        }

        log.AppendJoin(", ", network.Links.Select(l => $"{l.Name} {l.Capacity.BytesPerSecond:R} B/s")).AppendLine();
        var planned = new List<PlannedTransfer>();
        int transferCount = 1 + random.NextInt(14);
        for (int i = 0; i < transferCount; i++)
        {
            int hops = 1 + random.NextInt(Math.Min(4, linkCount));
            int[] order = [.. Enumerable.Range(0, linkCount)];
            for (int k = order.Length - 1; k > 0; k--)
            {
                int j = random.NextInt(k + 1);
                (order[k], order[j]) = (order[j], order[k]);
            }

            int[] path = order[..hops];
            double[]? weights = random.NextInt(3) == 0 ? [.. path.Select(_ => (double)(1 + random.NextInt(4)))] : null;
            Bytes size = random.NextInt(10) == 0 ? Bytes.Zero : new Bytes(Math.Floor(Math.Pow(10, random.Uniform(0, 8))));
            long start = random.NextInt(3) == 0 ? 0 : random.NextInt(5_000_000);
            Duration latency = random.NextInt(2) == 0 ? Duration.Zero : new Duration(random.NextInt(500_000));
            planned.Add(new PlannedTransfer(start, size, path, weights, latency));
            log.Append(CultureInfo.InvariantCulture,
                $"  t{i}: start {start} ticks, {size.Count:R} B over [{string.Join(",", path)}] weights [{(weights is null ? "" : string.Join(",", weights))}] latency {latency.Ticks}").AppendLine();
        }

        var started = new Transfer?[planned.Count];
        var finished = new long[planned.Count];
        Array.Fill(finished, -1);
        for (int i = 0; i < planned.Count; i++)
        {
            sim.Process(Send(sim, network, planned, started, finished, i));
        }

        double[] sent = new double[planned.Count];
        double[] fastest = new double[planned.Count];
        double[] ratesBefore = new double[planned.Count];
        int steps = 0;
        while (sim.QueuedEvents > 0)
        {
            long before = sim.Now.Ticks;
            for (int i = 0; i < planned.Count; i++)
            {
                ratesBefore[i] = started[i] is { DrainedAt: null } t ? t.Rate.BytesPerSecond / Duration.TicksPerSecond : 0;
                fastest[i] = Math.Max(fastest[i], ratesBefore[i]);
            }

            sim.Step();
            Check(++steps < StepLimit, "the transfers did not finish");
            long elapsed = sim.Now.Ticks - before;
            Check(elapsed >= 0, $"the clock went back from {before} to {sim.Now.Ticks} ticks");
            for (int i = 0; i < planned.Count; i++)
            {
                sent[i] += ratesBefore[i] * elapsed;
            }

            foreach (BandwidthLink link in network.Links)
            {
                Check(link.Load.BytesPerSecond <= link.Capacity.BytesPerSecond * (1 + 1e-9),
                    $"{link.Name} carries {link.Load.BytesPerSecond:R} B/s of {link.Capacity.BytesPerSecond:R} B/s at {sim.Now.Ticks} ticks");
            }
        }

        Check(network.ActiveTransfers == 0, $"{network.ActiveTransfers} transfers still active");
        var carried = new double[linkCount];
        for (int i = 0; i < planned.Count; i++)
        {
            PlannedTransfer p = planned[i];
            Transfer t = started[i]!;
            Check(t.IsProcessed && t.IsOk && finished[i] >= 0, $"t{i} did not complete");
            Check(finished[i] == t.DrainedAt!.Value.Ticks + p.Latency.Ticks, $"t{i} arrived at {finished[i]}, drained {t.DrainedAt.Value.Ticks} + latency {p.Latency.Ticks}");

            // Rates are bytes per 10 ps tick and a transfer counts as drained when less than one tick of sending
            // remains (its completion is rounded up to a whole tick), so the delivered bytes match to one tick.
            double slack = (2 * fastest[i]) + (1e-9 * p.Size.Count);
            Check(Math.Abs(sent[i] - p.Size.Count) <= slack, $"t{i} delivered {sent[i]:R} B of {p.Size.Count:R} (slack {slack:R})");
            double bound = p.Path.Select((l, k) => network.Links[l].Capacity.BytesPerSecond / Duration.TicksPerSecond / (p.Weights?[k] ?? 1)).Min();
            long drainTicks = t.DrainedAt.Value.Ticks - p.StartTicks;
            Check(drainTicks + 1 >= p.Size.Count / bound, $"t{i} drained in {drainTicks} ticks, faster than its bottleneck allows ({p.Size.Count / bound:R})");
            for (int k = 0; k < p.Path.Length; k++)
            {
                carried[p.Path[k]] += p.Size.Count * (p.Weights?[k] ?? 1);
            }
        }

        for (int l = 0; l < linkCount; l++)
        {
            BandwidthLink link = network.Links[l];
            Check(link.ActiveTransfers == 0, $"{link.Name} still has {link.ActiveTransfers} transfers");
            Check(Math.Abs(link.BytesCarried.Count - carried[l]) <= 1e-9 * carried[l], $"{link.Name} carried {link.BytesCarried.Count:R} B, expected {carried[l]:R}");
        }
    }

    private static IEnumerable<Event> Send(Simulation sim, FairShareNetwork network, List<PlannedTransfer> planned, Transfer?[] started, long[] finished, int i)
    {
        PlannedTransfer p = planned[i];
        yield return sim.Timeout(new Duration(p.StartTicks));
        Transfer t = network.Transfer(p.Size, [.. p.Path.Select(l => network.Links[l])], p.Weights, p.Latency);
        started[i] = t;
        yield return t;
        finished[i] = sim.Now.Ticks;
    }
}
