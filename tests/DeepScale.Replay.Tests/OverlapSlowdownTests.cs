using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Analytical;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;

namespace DeepScale.Replay.Tests;

/// <summary>Compute that shares the GPU with a data-parallel collective runs slower only while the collective runs.</summary>
[TestClass]
public sealed class OverlapSlowdownTests
{
    // Four of five SMs left beside the collective's one channel: a slowdown of 1/4.
    private const int Sms = 5;
    private const double Slowdown = 0.25;

    /// <summary>
    /// One rank, two data ranks (so the data group has a collective): a 10 ms compute op on the compute stream and,
    /// after <paramref name="delayMs"/> of unrelated compute on the data stream, a collective the network takes
    /// <paramref name="collectiveMs"/> for.
    /// </summary>
    private static ReplayOutput Run(double delayMs, double collectiveMs, int channels = 1)
    {
        var grid = new RankGrid(1, 1, 2, RankPlacement.TensorPipelineData);
        var w = new ProgramWriter(0);
        w.Compute("gemm", TimeCategory.Backward, Duration.FromMilliseconds(10), FlopCount.Zero, FlopCount.Zero);
        int wait = w.Compute("wait", TimeCategory.ExposedDpComm, Duration.FromMilliseconds(delayMs), FlopCount.Zero, FlopCount.Zero,
            stream: StreamKind.DataComm);
        w.Collective("grads", CollectiveOp.AllReduce, GroupRole.Data, Bytes.FromMB(1), TimeCategory.ExposedDpComm, StreamKind.DataComm, [wait]);
        var sim = new Simulation();
        var input = new ReplayInput
        {
            Programs = [w.Build()],
            Grid = grid,
            DeviceOfRank = [new DeviceId(0), new DeviceId(1)],
            Mode = ReplayMode.Symmetric,
            Multiprocessors = Sms,
            DataChannels = channels,
        };
        return new ReplayEngine(sim, input, new InstantNetwork(sim, Duration.FromMilliseconds(collectiveMs))).Run();
    }

    [TestMethod]
    public void Replay_CollectiveDuringPartOfTheCompute_SlowsOnlyThatPart()
    {
        // 2 ms at full speed, then 4 ms beside the collective (3.2 ms of work at 1/1.25), then the remaining 4.8 ms
        // at full speed: 10.8 ms. The collective ends at 6 ms.
        ReplayOutput r = Run(delayMs: 2, collectiveMs: 4);
        Assert.AreEqual(10.8, r.Breakdown[TimeCategory.Backward].Milliseconds, 1e-6);
        Assert.AreEqual(10.8, r.IterationTime.Milliseconds, 1e-6);
    }

    [TestMethod]
    public void Replay_CollectiveOutlastingTheCompute_StretchesItByTheWholeFactor()
    {
        ReplayOutput r = Run(delayMs: 0, collectiveMs: 30);
        Assert.AreEqual(12.5, r.Breakdown[TimeCategory.Backward].Milliseconds, 1e-6);
        Assert.AreEqual(30, r.IterationTime.Milliseconds, 1e-6);
    }

    [TestMethod]
    public void Replay_NoSlowdown_LeavesComputeAlone() =>
        Assert.AreEqual(10, Run(delayMs: 2, collectiveMs: 4, channels: 0).Breakdown[TimeCategory.Backward].Milliseconds, 1e-6);

    [TestMethod]
    public void Extra_MatchesTheReplayOfACollectiveStartingWithTheCompute()
    {
        // The closed form the analytical estimators charge, against the replay: 4 ms of collective beside 10 ms of compute.
        ReplayOutput r = Run(delayMs: 0, collectiveMs: 4);
        double extra = KernelInterference.Extra(compute: 10e-3, collective: 4e-3, Slowdown);
        Assert.AreEqual(r.Breakdown[TimeCategory.Backward].Seconds - 10e-3, extra, 1e-9);
    }

    [TestMethod]
    [DataRow(108, 16, 16.0 / 92)] // A100, a multi-node data-parallel ring on 2 channels per NIC of a DGX A100
    [DataRow(132, 32, 32.0 / 100)]
    [DataRow(108, 0, 0.0)]
    [DataRow(8, 16, 7.0)] // more channels than SMs: one SM left
    public void Slowdown_IsTheSmsTheChannelsHoldOverTheSmsLeft(int sms, int channels, double expected) =>
        Assert.AreEqual(expected, KernelInterference.Slowdown(sms, channels), 1e-12);
}
