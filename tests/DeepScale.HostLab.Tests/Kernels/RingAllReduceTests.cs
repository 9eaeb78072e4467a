using System.Diagnostics;

using DeepScale.Core.Units;
using DeepScale.HostLab.Kernels;

namespace DeepScale.HostLab.Tests.Kernels;

[TestClass]
public sealed class RingAllReduceTests
{
    private static readonly Duration s_timeout = Duration.FromSeconds(20);

    [TestMethod]
    [DataRow(1, 1000)]
    [DataRow(2, 0)]
    [DataRow(2, 1)]
    [DataRow(2, 100_003)]
    [DataRow(3, 5)]
    [DataRow(3, 1000)]
    [DataRow(4, 262_147)]
    public void Sum_RanksAndSizes_EveryRankGetsTheSameSum(int ranks, int elements)
    {
        using var directory = new TemporaryDirectory();
        float[][] data = Enumerable.Range(0, ranks).Select(r => Reference.Uniform(elements, (ulong)(100 + r))).ToArray();
        double[] expected = Enumerable.Range(0, elements).Select(i => data.Sum(d => (double)d[i])).ToArray();

        RunRanks(ranks, rank =>
        {
            using LoopbackRing ring = LoopbackRing.Connect(directory.Path, rank, ranks, s_timeout);
            RingAllReduce.Sum(ring, data[rank]);
        });

        Reference.AreClose(expected, data[0], 1e-6, "rank 0");
        for (int r = 1; r < ranks; r++)
        {
            CollectionAssert.AreEqual(data[0], data[r], $"rank {r} differs from rank 0");
        }
    }

    [TestMethod]
    public void Sum_PeerClosedItsConnection_FailsAtOnceNamingThePeer()
    {
        using var directory = new TemporaryDirectory();
        RingPeerException? failure = null;
        var watch = Stopwatch.StartNew();

        RunRanks(2, rank =>
        {
            using LoopbackRing ring = LoopbackRing.Connect(directory.Path, rank, 2, s_timeout);
            if (rank == 0)
            {
                failure = Assert.ThrowsExactly<RingPeerException>(() =>
                {
                    for (int i = 0; i < 1000; i++)
                    {
                        RingAllReduce.Sum(ring, new float[1 << 16]);
                    }
                });
            }
        });

        Assert.IsNotNull(failure);
        Assert.IsLessThan(10.0, watch.Elapsed.TotalSeconds);
        Assert.Contains("rank 1", failure.Message);
        Assert.AreEqual(1, failure.PeerRank);
        Assert.AreNotEqual(RingFailure.Timeout, failure.Failure);
    }

    [TestMethod]
    public void Sum_PeerSilent_TimesOutWithClearMessage()
    {
        using var directory = new TemporaryDirectory();
        var timeout = Duration.FromMilliseconds(300);
        using var peerDone = new ManualResetEventSlim();
        RingPeerException? failure = null;

        RunRanks(2, rank =>
        {
            using LoopbackRing ring = LoopbackRing.Connect(directory.Path, rank, 2, timeout);
            if (rank == 0)
            {
                failure = Assert.ThrowsExactly<RingPeerException>(() => RingAllReduce.Sum(ring, new float[1000]));
                peerDone.Set();
            }
            else
            {
                peerDone.Wait(TimeSpan.FromSeconds(30));
            }
        });

        Assert.IsNotNull(failure);
        Assert.AreEqual(RingFailure.Timeout, failure.Failure);
        Assert.Contains("no progress", failure.Message);
    }

    [TestMethod]
    public void Connect_PeerNeverStarts_FailsAfterTheTimeout()
    {
        using var directory = new TemporaryDirectory();

        var e = Assert.ThrowsExactly<RingPeerException>(() => LoopbackRing.Connect(directory.Path, 0, 2, Duration.FromMilliseconds(200)));

        Assert.AreEqual(RingFailure.Rendezvous, e.Failure);
        Assert.Contains("rank 1", e.Message);
    }

    [TestMethod]
    public void Connect_RankOutOfRange_ThrowsNamingField()
    {
        using var directory = new TemporaryDirectory();

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LoopbackRing.Connect(directory.Path, 2, 2, s_timeout));

        Assert.Contains("ring.rank", e.Message);
    }

    [TestMethod]
    public void Shape_TwoRanks_FollowsTheRingCostTerms()
    {
        var shape = new AllReduceShape(1 << 20, 4);

        Assert.AreEqual(6, shape.Steps);
        Assert.AreEqual(4.0 * (1 << 20), shape.MessageBytes.Count);
        Assert.AreEqual(2.0 * 3 / 4 * 4 * (1 << 20), shape.BytesMoved.Count);
        Assert.AreEqual(0.75 * (1 << 20), shape.Flops.Flops);
    }

    private static void RunRanks(int ranks, Action<int> body)
    {
        Task[] tasks = Enumerable.Range(0, ranks).Select(r => Task.Factory.StartNew(() => body(r), TaskCreationOptions.LongRunning)).ToArray();
        Assert.IsTrue(Task.WaitAll(tasks, TimeSpan.FromSeconds(60)), "the ranks did not finish within a minute");
    }
}
