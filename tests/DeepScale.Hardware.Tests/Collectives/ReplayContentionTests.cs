using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Tests.Collectives;

/// <summary>
/// Contention against a hand calculation of max-min sharing: all-reduces whose rings cross the same oversubscribed
/// leaf uplink. Nodes hold one GPU and one NIC, so each two-rank ring sends S per rank over one route
/// GPU → PCIe → NIC → leaf → spine → leaf → NIC → PCIe → GPU, and a leaf's single uplink carries one stream of
/// every ring that crosses it.
/// </summary>
[TestClass]
public sealed class ReplayContentionTests
{
    [TestMethod]
    public void TwoEqualAllReduces_ShareOneUplink_EachTakesTwiceTheWireTime()
    {
        // Oversubscription 2: two NIC ports per leaf, one uplink. Rings {0,2} and {1,3} both cross leaf 0 → leaf 1.
        Cluster c = Build(nodes: 4, leafDownlinks: 2, oversubscription: 2);
        Assert.AreEqual(1, c.Fabric.Spines);
        CollectiveRequest a = Ring(c, 0, 2, Bytes.FromGiB(1));
        CollectiveRequest b = Ring(c, 1, 3, Bytes.FromGiB(1));
        (double wireA, double fixedA, double alone, double uplink) = HandParts(c, a);

        // Alone each stream gets the route's bottleneck; together the uplink splits evenly between two streams.
        double shared = Math.Min(alone, uplink / 2);
        double expected = fixedA + (wireA / shared);
        var both = CollectiveReplay.RunConcurrently(c, [a, b]);
        Assert.AreEqual(expected, both[0].Time.Seconds, 0.005 * expected);
        Assert.AreEqual(expected, both[1].Time.Seconds, 0.005 * expected);
        Assert.AreEqual(fixedA + (wireA / alone), CollectiveReplay.Run(c, a).Time.Seconds, 0.001 * expected);
        Assert.IsGreaterThan(1.9, both[0].Slowdown);
    }

    [TestMethod]
    public void LargeAndSmallAllReduce_ShareUplink_SmallFinishesFirstThenLargeSpeedsUp()
    {
        // Oversubscription 4: four NIC ports per leaf, one uplink. While both run, each stream gets half the
        // uplink; once the small one is done the large one has the route to itself again:
        // T_small = fixed + W_small / (C/2), T_large = fixed + W_small / (C/2) + (W_large - W_small) / C.
        Cluster c = Build(nodes: 8, leafDownlinks: 4, oversubscription: 4);
        Assert.AreEqual(1, c.Fabric.Spines);
        CollectiveRequest large = Ring(c, 0, 4, Bytes.FromGiB(1));
        CollectiveRequest small = Ring(c, 1, 5, Bytes.FromMiB(256));
        (double wireL, double fixedL, double alone, double uplink) = HandParts(c, large);
        (double wireS, double fixedS, _, _) = HandParts(c, small);
        double shared = Math.Min(alone, uplink / 2);
        double expectedSmall = fixedS + (wireS / shared);
        double expectedLarge = fixedL + (wireS / shared) + ((wireL - wireS) / alone);
        var both = CollectiveReplay.RunConcurrently(c, [large, small]);
        Assert.AreEqual(expectedLarge, both[0].Time.Seconds, 0.005 * expectedLarge);
        Assert.AreEqual(expectedSmall, both[1].Time.Seconds, 0.005 * expectedSmall);
    }

    [TestMethod]
    public void ThreeAllReduces_OnFourToOneUplink_ShareItThreeWays()
    {
        Cluster c = Build(nodes: 8, leafDownlinks: 4, oversubscription: 4);
        CollectiveRequest[] rings = [Ring(c, 0, 4, Bytes.FromGiB(1)), Ring(c, 1, 5, Bytes.FromGiB(1)), Ring(c, 2, 6, Bytes.FromGiB(1))];
        (double wire, double fixedPart, double alone, double uplink) = HandParts(c, rings[0]);
        double expected = fixedPart + (wire / Math.Min(alone, uplink / 3));
        foreach (CollectiveReplayResult r in CollectiveReplay.RunConcurrently(c, rings))
        {
            Assert.AreEqual(expected, r.Time.Seconds, 0.005 * expected);
        }
    }

    [TestMethod]
    public void AllReducesOnSeparateLeaves_DoNotSlowEachOtherDown()
    {
        Cluster c = Build(nodes: 8, leafDownlinks: 4, oversubscription: 4);
        CollectiveRequest a = Ring(c, 0, 1, Bytes.FromGiB(1));
        CollectiveRequest b = Ring(c, 4, 5, Bytes.FromGiB(1));
        foreach (CollectiveReplayResult r in CollectiveReplay.RunConcurrently(c, [a, b]))
        {
            Assert.AreEqual(1.0, r.Slowdown, 1e-3);
        }
    }

    private static Cluster Build(int nodes, int leafDownlinks, double oversubscription) =>
        ClusterBuilder.Build(new ClusterSpec("dgx-a100-80gb", nodes)
        {
            GpusPerNode = 1,
            ScaleOut = new ScaleOutSpec { NicsPerNode = 1, LeafDownlinks = leafDownlinks, Oversubscription = oversubscription },
        });

    private static CollectiveRequest Ring(Cluster c, int nodeA, int nodeB, Bytes size) =>
        new(CollectiveOp.AllReduce, [c.Accelerators[nodeA], c.Accelerators[nodeB]], size) { Algorithm = CollectiveAlgorithm.Ring, Protocol = NcclProtocol.Simple };

    /// <summary>
    /// The hand calculation's inputs: bytes each stream sends (2(n-1)/n·S = S for two ranks), the fixed part of
    /// the analytical time (start delay and per-step latencies, which no sharing stretches), the rate a stream gets
    /// alone (its route's slowest link) and the capacity of the leaf uplink on its route.
    /// </summary>
    private static (double Wire, double Fixed, double Alone, double Uplink) HandParts(Cluster c, CollectiveRequest r)
    {
        Route route = c.Route(r.Group[0], r.Group[1]);
        double alone = route.Bottleneck.BytesPerSecond;
        double uplink = route.Links.Select(l => c.Graph[l])
            .Single(l => c.Graph[l.From].Kind == VertexKind.LeafSwitch && c.Graph[l.To].Kind == VertexKind.SpineSwitch).Capacity.BytesPerSecond;
        double wire = r.Size.Count;
        CollectiveEstimate e = new CollectiveModel(c).Estimate(r);
        return (wire, e.Time.Seconds - (wire / alone), alone, uplink);
    }
}
