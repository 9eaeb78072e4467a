using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;
using DeepScale.Replay;

namespace DeepScale.Replay.Tests;

[TestClass]
public sealed class SharedCpuReplayTests
{
    private static readonly Duration s_work = Duration.FromMilliseconds(1);

    /// <summary>
    /// K data-parallel ranks that each compute <paramref name="work"/> and then all-reduce <paramref name="bytes"/>
    /// (the program of one data-parallel step without pipelining).
    /// </summary>
    private static ReplayOutput Run(int ranks, double? cores, ReplayMode mode, Duration work, Bytes bytes = default,
        Duration alpha = default, ByteRate beta = default, SharedCpu? cpu = null, int iterations = 1)
    {
        var writer = new ProgramWriter(0);
        writer.Compute("compute", TimeCategory.Forward, work, FlopCount.Zero, FlopCount.Zero);
        writer.Collective("dp all-reduce", CollectiveOp.AllReduce, GroupRole.Data, bytes, TimeCategory.ExposedDpComm);
        var sim = new Simulation();
        var input = new ReplayInput
        {
            Programs = [writer.Build()],
            Grid = new RankGrid(1, 1, ranks, RankPlacement.TensorPipelineData),
            DeviceOfRank = [.. Enumerable.Range(0, ranks).Select(i => new DeviceId(i))],
            Mode = mode,
            Iterations = iterations,
            TraceRanks = ranks,
            SharedCpu = cpu ?? (cores is double c
                ? new SharedCpu { HostOfRank = [.. Enumerable.Repeat(0, ranks)], CoresPerHost = c, LoopbackLatency = alpha, LoopbackBandwidth = beta }
                : null),
        };
        return new ReplayEngine(sim, input, new InstantNetwork(sim)).Run();
    }

    [TestMethod]
    [DataRow(1, ReplayMode.Full)]
    [DataRow(2, ReplayMode.Full)]
    [DataRow(4, ReplayMode.Full)]
    [DataRow(4, ReplayMode.Symmetric)]
    [DataRow(3, ReplayMode.Symmetric)]
    public void Run_RanksComputeBoundOnOneCore_SlowDownByTheirNumber(int ranks, ReplayMode mode)
    {
        // Processor sharing: K ranks of 1 ms each on one core all finish at K ms.
        ReplayOutput output = Run(ranks, 1, mode, s_work);

        Assert.AreEqual(ranks * s_work.Ticks, output.IterationTime.Ticks, 2);
        Assert.AreEqual(ranks * s_work.Ticks, output.Breakdown.Parts[(int)TimeCategory.Forward].Ticks, 2);
    }

    [TestMethod]
    [DataRow(1, 1.0)]
    [DataRow(2, 2.0)]
    [DataRow(2, 4.0)]
    [DataRow(4, 4.0)]
    [DataRow(1, 1.9)]
    public void Run_AtLeastACorePerRank_NoSlowdown(int ranks, double cores)
    {
        ReplayOutput shared = Run(ranks, cores, ReplayMode.Full, s_work);
        ReplayOutput own = Run(ranks, null, ReplayMode.Full, s_work);

        Assert.AreEqual(s_work.Ticks, own.IterationTime.Ticks);
        Assert.AreEqual(own.IterationTime.Ticks, shared.IterationTime.Ticks, 2);
    }

    [TestMethod]
    [DataRow(4, 2.0, ReplayMode.Full)]
    [DataRow(4, 2.0, ReplayMode.Symmetric)]
    [DataRow(6, 4.0, ReplayMode.Full)]
    [DataRow(2, 1.9, ReplayMode.Full)]
    [DataRow(4, 1.9, ReplayMode.Symmetric)]
    public void Run_MoreRanksThanCores_ComputeSlowsByRanksOverCores(int ranks, double cores, ReplayMode mode)
    {
        ReplayOutput output = Run(ranks, cores, mode, s_work);

        Assert.AreEqual(s_work.Ticks * ranks / cores, output.IterationTime.Ticks, 2);
    }

    [TestMethod]
    [DataRow(2, 2.0, ReplayMode.Full)]
    [DataRow(4, 4.0, ReplayMode.Full)]
    [DataRow(4, 2.0, ReplayMode.Full)]
    [DataRow(4, 2.0, ReplayMode.Symmetric)]
    [DataRow(4, 1.0, ReplayMode.Full)]
    public void Run_LoopbackAllReduce_IsTheRingAlphaBetaCostStretchedByOversubscription(int ranks, double cores, ReplayMode mode)
    {
        // Ring all-reduce (Thakur et al. 2005): 2(p−1) steps, each α + (S/p)/β of a core per rank; p ranks on c < p
        // cores take p/c times as long.
        Duration alpha = Duration.FromMicroseconds(20);
        ByteRate beta = ByteRate.FromGBps(2);
        Bytes size = Bytes.FromMiB(4);
        double step = alpha.Seconds + (size.Count / ranks / beta.BytesPerSecond);
        double expected = 2 * (ranks - 1) * step * Math.Max(1, ranks / cores);

        ReplayOutput output = Run(ranks, cores, mode, Duration.Zero, size, alpha, beta);

        Assert.AreEqual(expected, output.IterationTime.Seconds, 1e-9);
        Assert.AreEqual(expected, output.Breakdown.Parts[(int)TimeCategory.ExposedDpComm].Seconds, 1e-9);
    }

    [TestMethod]
    public void Run_NoLoopbackBandwidth_LeavesCollectivesToTheNetworkModel()
    {
        ReplayOutput output = Run(4, 4, ReplayMode.Full, Duration.Zero, Bytes.FromMiB(4));

        Assert.AreEqual(0, output.IterationTime.Ticks);
    }

    [TestMethod]
    public void Run_ComputeThenOversubscribedAllReduce_AddsBothStretchedParts()
    {
        // 4 ranks on 2 cores: 1 ms of compute each takes 2 ms; then the all-reduce at half speed.
        Duration alpha = Duration.FromMicroseconds(10);
        ByteRate beta = ByteRate.FromGBps(4);
        Bytes size = Bytes.FromMB(1);
        double allReduce = 2 * 3 * (alpha.Seconds + (size.Count / 4 / beta.BytesPerSecond)) * 2;

        ReplayOutput output = Run(4, 2, ReplayMode.Full, s_work, size, alpha, beta);

        Assert.AreEqual(2e-3 + allReduce, output.IterationTime.Seconds, 1e-9);
    }

    [TestMethod]
    [DataRow(4, ReplayMode.Full, true)]
    [DataRow(4, ReplayMode.Symmetric, true)]
    [DataRow(2, ReplayMode.Full, false)]
    public void Run_MoreRanksThanCores_RingStepsCostTheOversubscribedPair(int ranks, ReplayMode mode, bool oversubscribed)
    {
        // A host of 2 cores: with 4 ranks each ring step costs every member α' + (S/p)/β' of a core, shared by the 4
        // (twice the per-member cost in wall time); with 2 ranks the ordinary pair applies.
        Duration alpha = Duration.FromMicroseconds(20), alphaOver = Duration.FromMicroseconds(35);
        ByteRate beta = ByteRate.FromGBps(2), betaOver = ByteRate.FromGBps(1.5);
        Bytes size = Bytes.FromMiB(4);
        var cpu = new SharedCpu
        {
            HostOfRank = [.. Enumerable.Repeat(0, ranks)],
            CoresPerHost = 2,
            LoopbackLatency = alpha,
            LoopbackBandwidth = beta,
            OversubscribedAbove = 2,
            OversubscribedLoopbackLatency = alphaOver,
            OversubscribedLoopbackBandwidth = betaOver,
        };
        double step = oversubscribed
            ? alphaOver.Seconds + (size.Count / ranks / betaOver.BytesPerSecond)
            : alpha.Seconds + (size.Count / ranks / beta.BytesPerSecond);
        double expected = 2 * (ranks - 1) * step * Math.Max(1, ranks / 2.0);

        ReplayOutput output = Run(ranks, 2, mode, Duration.Zero, size, cpu: cpu);

        Assert.AreEqual(expected, output.IterationTime.Seconds, 1e-9);
    }

    private static SharedCpu RoundRobin(int ranks, int cores, Duration slice, Duration alpha = default, ByteRate beta = default) => new()
    {
        HostOfRank = [.. Enumerable.Repeat(0, ranks)],
        CoresPerHost = cores,
        Cores = cores,
        TimeSlice = slice,
        LoopbackLatency = alpha,
        LoopbackBandwidth = beta,
    };

    private static TraceSpan ComputeSpan(ReplayOutput output, int rank) => output.Spans.Single(s => s.Rank == rank && s.Name == "compute");

    [TestMethod]
    public void Run_RoundRobinSliceLongerThanTheWork_RanksRunToBlockTwoAtATime()
    {
        // 4 ranks of 1 ms on 2 cores, first come first served: ranks 0 and 1 run 0–1 ms at full speed, ranks 2 and
        // 3 wait for a core and run 1–2 ms. The iteration is processor sharing's 2 ms, but no op is stretched.
        ReplayOutput output = Run(4, null, ReplayMode.Full, s_work, cpu: RoundRobin(4, 2, Duration.FromMilliseconds(10)));

        Assert.AreEqual(2 * s_work.Ticks, output.IterationTime.Ticks, 2);
        for (int r = 0; r < 4; r++)
        {
            TraceSpan span = ComputeSpan(output, r);
            Assert.AreEqual(s_work.Ticks, (span.End - span.Start).Ticks, 2, $"rank {r}");
            Assert.AreEqual(r < 2 ? 0 : s_work.Ticks, span.Start.Ticks, 2, $"rank {r}");
        }
    }

    [TestMethod]
    public void Run_RoundRobinShortSlice_RanksTakeTurns()
    {
        // 2 ranks of 3 ms on one core with a 1 ms slice: A 0–1, B 1–2, A 2–3, B 3–4, A 4–5, B 5–6.
        ReplayOutput output = Run(2, null, ReplayMode.Full, Duration.FromMilliseconds(3), cpu: RoundRobin(2, 1, Duration.FromMilliseconds(1)));

        Assert.AreEqual(Duration.FromMilliseconds(6).Ticks, output.IterationTime.Ticks, 2);
        Assert.AreEqual(Duration.FromMilliseconds(5).Ticks, ComputeSpan(output, 0).End.Ticks, 2);
        Assert.AreEqual(Duration.FromMilliseconds(6).Ticks, ComputeSpan(output, 1).End.Ticks, 2);
    }

    [TestMethod]
    public void Run_RoundRobinAfterAnAllReduce_TheWaitForACoreCountsAsTheAllReduce()
    {
        // 4 ranks on 2 cores: 1 ms of compute, then a ring all-reduce of 2(p−1) = 6 lock-step steps, each 4 members'
        // α + (S/p)/β of a core on 2 cores (twice a member's step). In the second iteration the ranks that wait for a
        // core at its start are still, for the real process, inside the previous all-reduce: their compute is 1 ms.
        Duration alpha = Duration.FromMicroseconds(10);
        ByteRate beta = ByteRate.FromGBps(4);
        Bytes size = Bytes.FromMB(1);
        double step = alpha.Seconds + (size.Count / 4 / beta.BytesPerSecond);
        double iteration = 1e-3 + (6 * 2 * step);

        ReplayOutput output = Run(4, null, ReplayMode.Full, s_work, size, cpu: RoundRobin(4, 2, Duration.FromMilliseconds(10), alpha, beta), iterations: 2);

        Assert.AreEqual(iteration + 1e-3, output.IterationTime.Seconds, 1e-9);
        Assert.AreEqual(1e-3, output.Breakdown.Parts[(int)TimeCategory.Forward].Seconds, 1e-9);
        Assert.AreEqual(iteration, output.Breakdown.Parts[(int)TimeCategory.ExposedDpComm].Seconds, 1e-9);
    }

    [TestMethod]
    public void Run_RoundRobinWithTheReduceOverlappingCompute_KeepsEveryCoreBusy()
    {
        // Backward in two halves with the gradient all-reduce of the first on the data stream beside the second,
        // then the optimizer after the all-reduce: 4 ranks on 2 cores never leave a core idle while work waits, so
        // the iteration is at least the ranks' CPU work over the cores and ends.
        Duration alpha = Duration.FromMicroseconds(10);
        ByteRate beta = ByteRate.FromGBps(4);
        Bytes size = Bytes.FromMB(1);
        var writer = new ProgramWriter(0);
        int first = writer.Compute("backward a", TimeCategory.Backward, s_work, FlopCount.Zero, FlopCount.Zero);
        int reduce = writer.Collective("dp all-reduce", CollectiveOp.AllReduce, GroupRole.Data, size, TimeCategory.ExposedDpComm,
            StreamKind.DataComm, [first]);
        writer.Compute("backward b", TimeCategory.Backward, s_work, FlopCount.Zero, FlopCount.Zero);
        writer.Compute("optimizer", TimeCategory.Optimizer, Duration.FromMicroseconds(200), FlopCount.Zero, FlopCount.Zero, dependencies: [reduce]);
        var sim = new Simulation();
        var input = new ReplayInput
        {
            Programs = [writer.Build()],
            Grid = new RankGrid(1, 1, 4, RankPlacement.TensorPipelineData),
            DeviceOfRank = [.. Enumerable.Range(0, 4).Select(i => new DeviceId(i))],
            Mode = ReplayMode.Full,
            Iterations = 3,
            SharedCpu = RoundRobin(4, 2, Duration.FromMilliseconds(1.5), alpha, beta),
        };
        double work = 4 * (2.2e-3 + (6 * (alpha.Seconds + (size.Count / 4 / beta.BytesPerSecond))));

        ReplayOutput output = new ReplayEngine(sim, input, new InstantNetwork(sim)).Run();

        Assert.IsGreaterThanOrEqualTo(work / 2 - 1e-9, output.IterationTime.Seconds);
        Assert.IsLessThan(work / 2 * 1.2, output.IterationTime.Seconds);
    }

    [TestMethod]
    public void Run_SymmetricWithATimeSlice_SharesTheCoresAsProcessorSharing()
    {
        // A representative stands for several ranks, which cannot take turns on a core: symmetric replays share.
        ReplayOutput roundRobin = Run(4, null, ReplayMode.Symmetric, s_work, cpu: RoundRobin(4, 2, Duration.FromMilliseconds(1.5)));
        ReplayOutput shared = Run(4, 2, ReplayMode.Symmetric, s_work);

        Assert.AreEqual(shared.IterationTime.Ticks, roundRobin.IterationTime.Ticks);
        Assert.AreEqual(2 * s_work.Ticks, roundRobin.Breakdown.Parts[(int)TimeCategory.Forward].Ticks, 2);
    }

    [TestMethod]
    public void Validated_RoundRobinWithoutCores_ThrowsNamingTheField()
    {
        var cpu = new SharedCpu { HostOfRank = [0], CoresPerHost = 2, TimeSlice = Duration.FromMilliseconds(1) };

        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() => cpu.Validated(1));

        Assert.Contains("shared_cpu.time_slice", e.Message);
    }

    [TestMethod]
    public void Validated_TooFewHostEntries_ThrowsNamingTheField()
    {
        var cpu = new SharedCpu { HostOfRank = [0, 0], CoresPerHost = 2 };

        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() => cpu.Validated(4));

        Assert.Contains("shared_cpu.host_of_rank", e.Message);
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(-1.0)]
    [DataRow(double.NaN)]
    public void Validated_NonPositiveCores_ThrowsNamingTheField(double cores)
    {
        var cpu = new SharedCpu { HostOfRank = [0], CoresPerHost = cores };

        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() => cpu.Validated(1));

        Assert.Contains("shared_cpu.cores_per_host", e.Message);
    }
}
