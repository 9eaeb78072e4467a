using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Des.Monitoring;
using DeepScale.Des.Resources;

namespace DeepScale.Des.Tests;

[TestClass]
public sealed class FairShareNetworkTests
{
    private const double Tick = 1e-11;

    [TestMethod]
    public void Transfer_OneFlow_TakesSizeOverCapacityPlusLatency()
    {
        var sim = new Simulation();
        var net = new FairShareNetwork(sim);
        BandwidthLink link = net.AddLink(ByteRate.FromGBps(100));
        Transfer t = net.Transfer(Bytes.FromGB(1), [link], Duration.FromMicroseconds(2));
        sim.Run();
        Assert.IsTrue(t.IsOk);
        Assert.AreEqual(0.01 + 2e-6, sim.Now.Seconds, Tick);
        Assert.AreEqual(0.01, t.DrainedAt!.Value.Seconds, Tick);
        Assert.AreEqual(1e9, link.BytesCarried.Count, 1e-3);
    }

    [TestMethod]
    public void Transfer_TwoEqualFlowsOnOneLink_TakeTwiceAsLongAsOne()
    {
        var sim = new Simulation();
        var net = new FairShareNetwork(sim);
        BandwidthLink link = net.AddLink(ByteRate.FromGBps(50));
        Transfer a = net.Transfer(Bytes.FromGB(1), link);
        Transfer b = net.Transfer(Bytes.FromGB(1), link);
        Assert.AreEqual(25e9, a.Rate.BytesPerSecond, 1e-3);
        sim.Run();
        Assert.AreEqual(0.04, a.DrainedAt!.Value.Seconds, Tick);
        Assert.AreEqual(0.04, b.DrainedAt!.Value.Seconds, Tick);
    }

    [TestMethod]
    public void Transfer_TwoLinkPath_LimitedByBottleneck()
    {
        var sim = new Simulation();
        var net = new FairShareNetwork(sim);
        BandwidthLink fast = net.AddLink(ByteRate.FromGBps(300));
        BandwidthLink slow = net.AddLink(ByteRate.FromGigabitsPerSecond(200)); // 25 GB/s
        Transfer t = net.Transfer(Bytes.FromGB(1), fast, slow);
        sim.Run();
        Assert.AreEqual(0.04, t.DrainedAt!.Value.Seconds, Tick);
    }

    [TestMethod]
    public void Transfer_ThreeLinkNetwork_MaxMinRatesEqualHandCalculation()
    {
        // Links A (10), B (4), C (6) GB/s. Flows: f1 over A,B; f2 over B,C; f3 over A; f4 over C.
        // Progressive filling: B gives 4/2 = 2 to f1 and f2; then A has 10 − 2 = 8 for f3 alone, C has 6 − 2 = 4
        // for f4 alone. Max-min rates: f1 = 2, f2 = 2, f3 = 8, f4 = 4 GB/s.
        var sim = new Simulation();
        var net = new FairShareNetwork(sim);
        BandwidthLink a = net.AddLink(ByteRate.FromGBps(10), "A");
        BandwidthLink b = net.AddLink(ByteRate.FromGBps(4), "B");
        BandwidthLink c = net.AddLink(ByteRate.FromGBps(6), "C");
        Transfer f1 = net.Transfer(Bytes.FromGB(100), a, b);
        Transfer f2 = net.Transfer(Bytes.FromGB(100), b, c);
        Transfer f3 = net.Transfer(Bytes.FromGB(100), a);
        Transfer f4 = net.Transfer(Bytes.FromGB(100), c);
        Assert.AreEqual(2e9, f1.Rate.BytesPerSecond, 1);
        Assert.AreEqual(2e9, f2.Rate.BytesPerSecond, 1);
        Assert.AreEqual(8e9, f3.Rate.BytesPerSecond, 1);
        Assert.AreEqual(4e9, f4.Rate.BytesPerSecond, 1);
        Assert.AreEqual(10e9, a.Load.BytesPerSecond, 1);
    }

    [TestMethod]
    public void Transfer_SecondFlowJoinsMidway_RatesRecomputedAndTimesExact()
    {
        // 10 GB/s link. Flow 1: 10 GB starting at 0. Flow 2: 2 GB starting at 0.5 s.
        // 0–0.5 s: f1 alone sends 5 GB. Then both at 5 GB/s: f2 drains its 2 GB at 0.9 s (f1 has 3 GB left).
        // Then f1 alone at 10 GB/s: 0.3 s more, drains at 1.2 s.
        var sim = new Simulation();
        var net = new FairShareNetwork(sim);
        BandwidthLink link = net.AddLink(ByteRate.FromGBps(10));
        Transfer f1 = net.Transfer(Bytes.FromGB(10), link);
        Transfer? f2 = null;
        sim.Timeout(Duration.FromSeconds(0.5)).AddCallback(_ => f2 = net.Transfer(Bytes.FromGB(2), link));
        sim.Run();
        Assert.AreEqual(0.9, f2!.DrainedAt!.Value.Seconds, 2 * Tick);
        Assert.AreEqual(1.2, f1.DrainedAt!.Value.Seconds, 2 * Tick);
    }

    [TestMethod]
    public void Transfer_ProcessWaits_ResumesAtCompletion()
    {
        var sim = new Simulation();
        var net = new FairShareNetwork(sim);
        BandwidthLink link = net.AddLink(ByteRate.FromGBps(1));
        double doneAt = -1;
        IEnumerable<Event> Sender()
        {
            yield return net.Transfer(Bytes.FromMB(500), [link], Duration.FromMilliseconds(1));
            doneAt = sim.Now.Seconds;
        }

        sim.Process(Sender());
        sim.Run();
        Assert.AreEqual(0.501, doneAt, Tick);
    }

    [TestMethod]
    public void Transfer_ZeroBytes_CompletesAfterLatencyOnly()
    {
        var sim = new Simulation();
        var net = new FairShareNetwork(sim);
        BandwidthLink link = net.AddLink(ByteRate.FromGBps(1));
        Transfer t = net.Transfer(Bytes.Zero, [link], Duration.FromMicroseconds(5));
        sim.Run();
        Assert.IsTrue(t.IsOk);
        Assert.AreEqual(5e-6, sim.Now.Seconds, Tick);
        Assert.AreEqual(0, link.ActiveTransfers);
    }

    [TestMethod]
    public void Utilization_HalfBusyLink_IsOneHalf()
    {
        var sim = new Simulation();
        var net = new FairShareNetwork(sim);
        BandwidthLink link = net.AddLink(ByteRate.FromGBps(1));
        link.Utilization = new TimeWeightedMonitor(sim.Now);
        net.Transfer(Bytes.FromGB(1), link);
        sim.Run(SimTime.FromSeconds(2));
        Assert.AreEqual(0.5, link.Utilization.Mean(sim.Now), 1e-9);
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(-5.0)]
    [DataRow(double.NaN)]
    [DataRow(double.PositiveInfinity)]
    public void AddLink_NonPositiveOrNonFiniteCapacity_Throws(double gbps)
    {
        var net = new FairShareNetwork(new Simulation());
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => net.AddLink(ByteRate.FromGBps(gbps)));
        Assert.IsEmpty(net.Links);
    }

    [TestMethod]
    public void Transfer_BadArguments_ThrowNamingTheProblem()
    {
        var sim = new Simulation();
        var net = new FairShareNetwork(sim);
        BandwidthLink link = net.AddLink(ByteRate.FromGBps(1));
        BandwidthLink foreign = new FairShareNetwork(sim).AddLink(ByteRate.FromGBps(1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => net.Transfer(new Bytes(-1), link));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => net.Transfer(new Bytes(double.NaN), link));
        Assert.ThrowsExactly<ArgumentException>(() => net.Transfer(Bytes.FromMB(1), link, link));
        Assert.ThrowsExactly<ArgumentException>(() => net.Transfer(Bytes.FromMB(1), foreign));
        Assert.ThrowsExactly<ArgumentException>(() => net.Transfer(Bytes.FromMB(1)));
        Assert.AreEqual(0, net.ActiveTransfers);
    }

    [TestMethod]
    public void Transfers_ManyRandomFlows_ConserveBytesAndNeverExceedCapacity()
    {
        var sim = new Simulation(99);
        var net = new FairShareNetwork(sim);
        BandwidthLink[] links = Enumerable.Range(0, 12).Select(i => net.AddLink(ByteRate.FromGBps(1 + i % 4))).ToArray();
        double sent = 0;
        var done = new List<Transfer>();
        IEnumerable<Event> Sender(int id)
        {
            for (int k = 0; k < 20; k++)
            {
                yield return sim.Timeout(Duration.FromMilliseconds(sim.Random.Exponential(5)));
                int first = sim.Random.NextInt(links.Length);
                int hops = 1 + sim.Random.NextInt(3);
                BandwidthLink[] path = Enumerable.Range(0, hops).Select(h => links[(first + (h * 5)) % links.Length]).ToArray();
                var size = Bytes.FromMB(1 + sim.Random.NextInt(50));
                sent += size.Count;
                Transfer t = net.Transfer(size, path);
                foreach (BandwidthLink l in links)
                {
                    Assert.IsLessThanOrEqualTo(l.Capacity.BytesPerSecond * (1 + 1e-9), l.Load.BytesPerSecond);
                }

                yield return t;
                done.Add(t);
            }
        }

        for (int i = 0; i < 16; i++)
        {
            sim.Process(Sender(i));
        }

        sim.Run();
        Assert.HasCount(320, done);
        Assert.AreEqual(sent, done.Sum(t => t.Size.Count), 1e-3);
        Assert.AreEqual(0, net.ActiveTransfers);
        foreach (Transfer t in done)
        {
            // No transfer beats its path's best-case time.
            double best = t.Size.Count / t.Path.Min(l => l.Capacity.BytesPerSecond);
            Assert.IsGreaterThanOrEqualTo(best - 1e-9, (t.DrainedAt!.Value - t.StartTime).Seconds);
        }
    }

    [TestMethod]
    public void WeightedBundle_BehavesLikeItsSymmetricMembersSimulatedOneByOne()
    {
        // Four identical members: members 0–1 cross link A1, members 2–3 cross A2 (10 GB/s each), all four cross
        // B (40 GB/s), which a plain flow also uses. Progressive filling: A1 and A2 offer 10/2 = 5, B offers
        // 40/5 = 8, so every member runs at 5 and the plain flow takes what B has left, 40 − 4·5 = 20 GB/s.
        var one = new Simulation();
        var n1 = new FairShareNetwork(one);
        BandwidthLink a1 = n1.AddLink(ByteRate.FromGBps(10));
        BandwidthLink a2 = n1.AddLink(ByteRate.FromGBps(10));
        BandwidthLink b = n1.AddLink(ByteRate.FromGBps(40));
        Transfer bundle = n1.Transfer(Bytes.FromGB(10), [a1, a2, b], [2, 2, 4], Duration.Zero);
        Transfer plain = n1.Transfer(Bytes.FromGB(10), b);
        Assert.AreEqual(5e9, bundle.Rate.BytesPerSecond, 1);
        Assert.AreEqual(20e9, plain.Rate.BytesPerSecond, 1);
        Assert.AreEqual(40e9, b.Load.BytesPerSecond, 1);
        one.Run();

        var many = new Simulation();
        var n2 = new FairShareNetwork(many);
        BandwidthLink m1 = n2.AddLink(ByteRate.FromGBps(10));
        BandwidthLink m2 = n2.AddLink(ByteRate.FromGBps(10));
        BandwidthLink mb = n2.AddLink(ByteRate.FromGBps(40));
        Transfer[] members =
        [
            n2.Transfer(Bytes.FromGB(10), m1, mb),
            n2.Transfer(Bytes.FromGB(10), m1, mb),
            n2.Transfer(Bytes.FromGB(10), m2, mb),
            n2.Transfer(Bytes.FromGB(10), m2, mb),
        ];
        Transfer plain2 = n2.Transfer(Bytes.FromGB(10), mb);
        many.Run();
        foreach (Transfer member in members)
        {
            Assert.AreEqual(member.DrainedAt!.Value.Seconds, bundle.DrainedAt!.Value.Seconds, 1e-9);
        }

        Assert.AreEqual(plain2.DrainedAt!.Value.Seconds, plain.DrainedAt!.Value.Seconds, 1e-9);
        Assert.AreEqual(2 * 10e9, a1.BytesCarried.Count, 1);
        Assert.AreEqual(4 * 10e9, b.BytesCarried.Count - 10e9, 1);
    }

    [TestMethod]
    public void Transfer_StoredPaths_SameTicksAndBytesAsPerCallPaths()
    {
        // Weighted bundles that start at staggered times, share links in a chain, and reuse one stored path twice.
        (long[] Drained, double[] Carried) Run(bool stored)
        {
            var sim = new Simulation();
            var net = new FairShareNetwork(sim);
            BandwidthLink[] l = [.. Enumerable.Range(0, 4).Select(i => net.AddLink(ByteRate.FromGBps(10 + (7 * i))))];
            (BandwidthLink[] Links, double[] Weights)[] routes =
            [
                ([l[0], l[1]], [1, 3]),
                ([l[1], l[2], l[3]], [2, 1, 0.5]),
                ([l[3]], [4]),
                ([l[0], l[1]], [1, 3]),
            ];
            TransferPath[] paths = [.. routes.Select(r => net.Path(r.Links, r.Weights))];
            var transfers = new List<Transfer>();
            for (int i = 0; i < 8; i++)
            {
                int k = i % routes.Length;
                sim.Timeout(Duration.FromMilliseconds(3 * i)).AddCallback(_ => transfers.Add(stored
                    ? net.Transfer(Bytes.FromGB(1 + k), paths[k], Duration.FromMicroseconds(k))
                    : net.Transfer(Bytes.FromGB(1 + k), routes[k].Links, routes[k].Weights, Duration.FromMicroseconds(k))));
            }

            sim.Run();
            return ([.. transfers.Select(t => t.DrainedAt!.Value.Ticks)], [.. l.Select(x => x.BytesCarried.Count)]);
        }

        (long[] drainedPerCall, double[] carriedPerCall) = Run(stored: false);
        (long[] drainedStored, double[] carriedStored) = Run(stored: true);
        CollectionAssert.AreEqual(drainedPerCall, drainedStored);
        CollectionAssert.AreEqual(carriedPerCall, carriedStored);
        Assert.HasCount(8, drainedStored);
    }

    [TestMethod]
    public void Transfer_LoneFlowMetOnOneOfItsLinks_SharesThatLinkFromThenOn()
    {
        // Links A and B of 10 GB/s. f1: 10 GB over A, B from 0 (alone, so 10 GB/s). f2: 2 GB over B from 0.5 s, and
        // f3: 1 GB over a third link C from 0.5 s, which meets neither. From 0.5 s f1 and f2 share B at 5 GB/s: f2
        // drains at 0.9 s, f1 then has 3 GB left at 10 GB/s and drains at 1.2 s; f3 drains at 0.6 s.
        var sim = new Simulation();
        var net = new FairShareNetwork(sim);
        BandwidthLink a = net.AddLink(ByteRate.FromGBps(10), "A");
        BandwidthLink b = net.AddLink(ByteRate.FromGBps(10), "B");
        BandwidthLink c = net.AddLink(ByteRate.FromGBps(10), "C");
        Transfer f1 = net.Transfer(Bytes.FromGB(10), a, b);
        Assert.AreEqual(1, a.ActiveTransfers);
        Assert.AreEqual(10e9, b.Load.BytesPerSecond, 1);
        Transfer? f2 = null;
        Transfer? f3 = null;
        sim.Timeout(Duration.FromMilliseconds(500)).AddCallback(_ =>
        {
            f2 = net.Transfer(Bytes.FromGB(2), b);
            f3 = net.Transfer(Bytes.FromGB(1), c);
            Assert.AreEqual(5e9, f1.Rate.BytesPerSecond, 1);
            Assert.AreEqual(5e9, a.Load.BytesPerSecond, 1);
            Assert.AreEqual(10e9, b.Load.BytesPerSecond, 1);
            Assert.AreEqual(2, b.ActiveTransfers);
            Assert.AreEqual(10e9, c.Load.BytesPerSecond, 1);
        });
        sim.Run();
        Assert.AreEqual(1.2, f1.DrainedAt!.Value.Seconds, Tick);
        Assert.AreEqual(0.9, f2!.DrainedAt!.Value.Seconds, Tick);
        Assert.AreEqual(0.6, f3!.DrainedAt!.Value.Seconds, Tick);
        Assert.AreEqual(12e9, b.BytesCarried.Count, 1e-3);
        Assert.AreEqual(0, b.ActiveTransfers);
    }

    [TestMethod]
    public void Transfers_LoneFlowsUnlisted_SameTicksAsWhenEveryFlowIsListed()
    {
        // A utilization monitor makes the network list every transfer on its links; without one, a transfer alone on
        // its links is only counted. Both must give the same ticks and bytes, whatever meets whom and when.
        (long[] Drained, double[] Carried) Run(bool monitored)
        {
            var sim = new Simulation(7);
            var net = new FairShareNetwork(sim);
            BandwidthLink[] links = [.. Enumerable.Range(0, 10).Select(i => net.AddLink(ByteRate.FromGBps(2 + (i % 3))))];
            if (monitored)
            {
                net.AddLink(ByteRate.FromGBps(1)).Utilization = new TimeWeightedMonitor(sim.Now);
            }

            var transfers = new List<Transfer>();
            IEnumerable<Event> Sender()
            {
                for (int k = 0; k < 25; k++)
                {
                    yield return sim.Timeout(Duration.FromMilliseconds(sim.Random.Exponential(20)));
                    int first = sim.Random.NextInt(links.Length);
                    int hops = 1 + sim.Random.NextInt(4);
                    BandwidthLink[] path = [.. Enumerable.Range(0, hops).Select(h => links[(first + (h * 3)) % links.Length])];
                    double[] weights = [.. path.Select(_ => 1.0 + sim.Random.NextInt(3))];
                    Transfer t = net.Transfer(Bytes.FromMB(1 + sim.Random.NextInt(80)), path, weights, Duration.FromMicroseconds(k % 3));
                    transfers.Add(t);
                    yield return t;
                }
            }

            for (int i = 0; i < 6; i++)
            {
                sim.Process(Sender());
            }

            sim.Run();
            return ([.. transfers.Select(t => t.DrainedAt!.Value.Ticks)], [.. links.Select(l => l.BytesCarried.Count)]);
        }

        (long[] drained, double[] carried) = Run(monitored: false);
        (long[] drainedListed, double[] carriedListed) = Run(monitored: true);
        Assert.HasCount(150, drained);
        CollectionAssert.AreEqual(drainedListed, drained);
        CollectionAssert.AreEqual(carriedListed, carried);
    }

    [TestMethod]
    public void Utilization_AddedWhileALoneFlowRuns_SeesLaterChanges()
    {
        // f1: 20 GB over A (10 GB/s), alone from 0. At 0.5 s a monitor goes on B (4 GB/s, idle). At 1 s f2 sends
        // 1 GB over A and B: B holds f2 to 4 GB/s, f1 takes the other 6 on A. f2 drains at 1.25 s; f1 has sent
        // 10 + 1.5 GB by then and sends the last 8.5 GB alone, draining at 2.1 s. B was busy 0.25 of the 1.6 s watched.
        var sim = new Simulation();
        var net = new FairShareNetwork(sim);
        BandwidthLink a = net.AddLink(ByteRate.FromGBps(10), "A");
        BandwidthLink b = net.AddLink(ByteRate.FromGBps(4), "B");
        Transfer f1 = net.Transfer(Bytes.FromGB(20), a);
        Transfer? f2 = null;
        sim.Timeout(Duration.FromMilliseconds(500)).AddCallback(_ => b.Utilization = new TimeWeightedMonitor(sim.Now));
        sim.Timeout(Duration.FromSeconds(1)).AddCallback(_ =>
        {
            f2 = net.Transfer(Bytes.FromGB(1), a, b);
            Assert.AreEqual(6e9, f1.Rate.BytesPerSecond, 1);
            Assert.AreEqual(4e9, f2.Rate.BytesPerSecond, 1);
        });
        sim.Run();
        Assert.AreEqual(1.25, f2!.DrainedAt!.Value.Seconds, Tick);
        Assert.AreEqual(2.1, f1.DrainedAt!.Value.Seconds, Tick);
        Assert.AreEqual(0.25 / 1.6, b.Utilization!.Mean(sim.Now), 1e-9);
    }

    [TestMethod]
    public void Path_LinkTwice_Throws()
    {
        var net = new FairShareNetwork(new Simulation());
        BandwidthLink a = net.AddLink(ByteRate.FromGBps(10));
        ArgumentException ex = Assert.ThrowsExactly<ArgumentException>(() => net.Path([a, a]));
        Assert.Contains("appears twice", ex.Message);
    }

    [TestMethod]
    public void Path_NonPositiveWeight_Throws()
    {
        var net = new FairShareNetwork(new Simulation());
        BandwidthLink a = net.AddLink(ByteRate.FromGBps(10));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => net.Path([a], [0.0]));
    }

    [TestMethod]
    public void Transfer_PathOfAnotherNetwork_Throws()
    {
        var sim = new Simulation();
        var mine = new FairShareNetwork(sim);
        var other = new FairShareNetwork(sim);
        TransferPath path = other.Path([other.AddLink(ByteRate.FromGBps(10))]);
        ArgumentException ex = Assert.ThrowsExactly<ArgumentException>(() => mine.Transfer(Bytes.FromGB(1), path, Duration.Zero));
        Assert.Contains("another network", ex.Message);
    }
}
