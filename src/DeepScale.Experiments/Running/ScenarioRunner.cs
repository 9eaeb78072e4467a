using System.Diagnostics;

using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Resources;
using DeepScale.Experiments.Results;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Analytical;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;
using DeepScale.Parallelism.Strategies;
using DeepScale.Replay;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Memory;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Running;

/// <summary>
/// Runs one scenario at its fidelity and turns what the simulation measured into the result contract: the
/// analytical estimate, or a symmetric or full replay of the iteration's stage programs on the kernel with the
/// cluster's network; then throughput, FLOP rates, MFU, the memory of the worst stage, the breakdown, utilization
/// and cost.
/// </summary>
public static class ScenarioRunner
{
    /// <summary>Everything one run produced: the contract record, and the replay's spans when a trace was asked for.</summary>
    public sealed record Outcome(RunResult Result, ReplayOutput? Replay);

    public static Outcome Run(Scenario scenario, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        try
        {
            return RunWithinClock(scenario, options ?? new RunOptions());
        }
        catch (ClockRangeException)
        {
            throw scenario.Spec.ErrorAt("training.global_batch",
                "one iteration of this scenario lasts longer than the simulator's clock reaches (about 2.9 years); use a smaller batch, faster devices or more of them",
                SpecErrorKind.Constraint);
        }
    }

    private static Outcome RunWithinClock(Scenario scenario, RunOptions options)
    {
        HardwareCatalog catalog = options.Catalog ?? HardwareCatalog.Default;
        Fidelity fidelity = options.Fidelity ?? scenario.Fidelity;
        var wall = Stopwatch.StartNew();

        HardwareBinding.RequireCostModel(scenario, catalog);
        Cluster cluster = ClusterFactory.Build(scenario, catalog);
        // A full replay draws each device's speed; the other fidelities run every device at the expected pace of
        // the slowest.
        double[]? speeds = fidelity == Fidelity.Full && scenario.Cluster.DeviceVariation > 0
            ? DeviceVariation.Draws(scenario.Cluster.DeviceVariation, scenario.Cluster.Gpus, scenario.Seed)
            : null;
        ComputeCostModel cost = CostModelFor(scenario.Cluster, catalog, atSlowestPace: speeds is null);
        TrainingLayout layout = scenario.Layout;
        var collectives = new CollectiveModel(cluster) { Preferred = scenario.Layout.Collectives.Preferred() };
        TrainingSchedule? schedule = null;
        ReplayOutput? replay = null;
        Duration iteration;
        Duration[] parts;
        double computeUtilization;
        LinkUtilization linkUtilization = LinkUtilization.None;
        if (fidelity == Fidelity.Analytical)
        {
            var grid = RankGrid.For(layout);
            AnalyticalEstimate estimate = AnalyticalEstimator.Estimate(scenario.Model, layout, cost,
                new ClusterCommunicationCost(collectives, grid, cluster.Accelerators));
            iteration = estimate.IterationTime;
            parts = [.. estimate.Parts];
            if (DataLoadingOf(scenario) is { } data)
            {
                // The input pipeline in steady state: an iteration lasts at least as long as its data takes to load.
                Duration loading = Duration.FromSeconds(DataLoadingModel.Seconds(data, layout, cluster));
                if (loading > iteration)
                {
                    parts[(int)TimeCategory.DataStall] += loading - iteration;
                    iteration = loading;
                }
            }

            double busy = parts[(int)TimeCategory.Forward].Seconds + parts[(int)TimeCategory.Backward].Seconds
                + parts[(int)TimeCategory.Recompute].Seconds + parts[(int)TimeCategory.Optimizer].Seconds;
            computeUtilization = busy / iteration.Seconds;
        }
        else
        {
            RequireClockRange(scenario, layout, cost, collectives, cluster);
            schedule = TrainingScheduleBuilder.Build(scenario.Model, layout, cost);
            (replay, linkUtilization) = Replay(scenario, fidelity, cluster, collectives, cost, schedule, options, SharedCpuOf(cluster, cost, catalog), speeds);
            iteration = replay.IterationTime;
            parts = [.. replay.Breakdown.Parts];
            computeUtilization = replay.ComputeUtilization;
            if (layout.Data > 1 && layout.AveragingPeriod > 1)
            {
                // Local SGD: one step in H ends with the parameter average; the other H − 1 do not communicate.
                TrainingSchedule local = TrainingScheduleBuilder.Build(scenario.Model, layout, cost, averagingStep: false);
                (ReplayOutput localReplay, _) = Replay(scenario, fidelity, cluster, new CollectiveModel(cluster) { Preferred = layout.Collectives.Preferred() }, cost, local, options with { TraceRanks = 0, CriticalPath = false },
                    SharedCpuOf(cluster, cost, catalog), speeds);
                double h = layout.AveragingPeriod;
                iteration = ((replay.IterationTime * 1.0) + (localReplay.IterationTime * (h - 1))) / h;
                parts = [.. parts.Zip(localReplay.Breakdown.Parts, (a, b) => ((a * 1.0) + (b * (h - 1))) / h)];
                parts[(int)TimeCategory.PipelineBubble] += iteration - parts.Aggregate(Duration.Zero, (a, b) => a + b);
                computeUtilization = (replay.ComputeUtilization + (localReplay.ComputeUtilization * (h - 1))) / h;
            }
        }

        wall.Stop();
        RunResult result = ResultBuilder.Build(scenario, fidelity, cluster, cost, layout, schedule, replay, iteration, parts,
            computeUtilization, linkUtilization, wall.Elapsed) with
        { DevicePace = speeds?.Min() ?? cost.ClockFactor };
        return new Outcome(result, replay);
    }

    /// <summary>
    /// Throws <see cref="ClockRangeException"/> when the replay's iterations would run past the end of the clock, by the
    /// analytical estimate (a replay of them would otherwise stop at the clock's end as if every rank were stuck).
    /// </summary>
    private static void RequireClockRange(Scenario scenario, TrainingLayout layout, ComputeCostModel cost, CollectiveModel collectives, Cluster cluster)
    {
        Duration estimate;
        try
        {
            estimate = AnalyticalEstimator.Estimate(scenario.Model, layout, cost,
                new ClusterCommunicationCost(collectives, RankGrid.For(layout), cluster.Accelerators)).IterationTime;
        }
        catch (ArgumentException ex) when (ex is not ClockRangeException)
        {
            // A scenario the closed form does not cover is left to the replay, which reports its own errors.
            return;
        }

        double replayed = estimate.Seconds * (IterationsFor(scenario, layout) + 1);
        if (!(replayed < Duration.MaxValue.Seconds / 2))
        {
            throw new ClockRangeException("iterations", replayed, "The replayed iterations would run past the end of the clock.");
        }
    }

    /// <summary>Replays a schedule of the scenario on the cluster's fair-share network.</summary>
    private static (ReplayOutput Output, LinkUtilization Links) Replay(Scenario scenario, Fidelity fidelity, Cluster cluster,
        CollectiveModel collectives, ComputeCostModel cost, TrainingSchedule schedule, RunOptions options, SharedCpu? sharedCpu,
        IReadOnlyList<double>? speeds)
    {
        TrainingLayout layout = scenario.Layout;
        var sim = new Simulation(scenario.Seed);
        var comm = new ClusterCommunicationCost(collectives, schedule.Grid, cluster.Accelerators);
        var input = new ReplayInput
        {
            Programs = schedule.Programs,
            Grid = schedule.Grid,
            DeviceOfRank = cluster.Accelerators,
            Mode = fidelity == Fidelity.Full ? ReplayMode.Full : ReplayMode.Symmetric,
            StaticMemoryByStage = schedule.StaticMemoryByStage,
            MemoryCapacity = cluster.Node.Accelerator.Memory,
            Iterations = IterationsFor(scenario, layout),
            MeasuredIterations = MeasuredIterationsFor(scenario, layout),
            TraceRanks = options.TraceRanks,
            RecordCriticalPath = options.CriticalPath,
            // Compute beside a collective loses the SMs its channels hold; a CPU's processes share cores instead.
            Multiprocessors = cost.IsCpu ? 0 : cost.Profile.StreamingMultiprocessors,
            DataChannels = comm.Channels(GroupRole.Data, 0),
            TensorChannels = comm.Channels(GroupRole.Tensor, 0),
            Data = DataLoadingOf(scenario),
            SharedCpu = sharedCpu,
            RankSpeed = speeds,
        };
        var links = new ClusterLinks(new FairShareNetwork(sim), cluster);
        ReplayOutput output = new ReplayEngine(sim, input, new FlowNetworkModel(sim, collectives, links)).Run();
        return (output, LinkUtilization.Of(cluster, links, sim.Now - SimTime.Zero));
    }

    /// <summary>
    /// Iterations to replay: the spec's count, or, with an input pipeline, enough for the prefetch buffers filled at
    /// the start to drain (each iteration takes m batches per rank) plus three, so the reported last iteration is in
    /// steady state whether the loader keeps up or not.
    /// </summary>
    public static int IterationsFor(Scenario scenario, TrainingLayout layout)
    {
        int spec = Math.Max(1, scenario.Iterations);
        if (DataLoadingOf(scenario) is not { } data)
        {
            return spec;
        }

        int drain = (data.PrefetchBatches + layout.Microbatches - 1) / layout.Microbatches;
        return Math.Max(spec, Math.Min(drain + MeasuredIterationsFor(scenario, layout), 256));
    }

    /// <summary>
    /// Iterations averaged: one without an input pipeline; with one, enough to cover twice the batches its workers
    /// have in flight, since a loader slower than the GPUs delivers them in waves.
    /// </summary>
    public static int MeasuredIterationsFor(Scenario scenario, TrainingLayout layout) =>
        DataLoadingOf(scenario) is { } data
            ? Math.Clamp((2 * data.PrefetchBatches + layout.Microbatches - 1) / layout.Microbatches, 3, 128)
            : 1;

    /// <summary>The scenario's input pipeline as the replay runs it (<see cref="DataLoadingModel.Of"/>).</summary>
    public static DataLoading? DataLoadingOf(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return DataLoadingModel.Of(scenario, scenario.Layout);
    }

    /// <summary>The cost model of the scenario's accelerator, with its documented or calibrated profile.</summary>
    public static ComputeCostModel CostModelFor(Scenario scenario, HardwareCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return CostModelFor(scenario.Cluster, catalog);
    }

    /// <summary>
    /// The cost model of a cluster's accelerator, with its documented or calibrated profile, at the pace of the
    /// cluster's slowest device (<see cref="ScenarioCluster.PaceFactor"/>), or of the median device when each
    /// device's own speed is applied later (<paramref name="atSlowestPace"/> false).
    /// </summary>
    public static ComputeCostModel CostModelFor(ScenarioCluster cluster, HardwareCatalog catalog, bool atSlowestPace = true)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(catalog);
        return new ComputeCostModel(cluster.Accelerator, catalog.EfficiencyProfile(cluster.Accelerator.Id))
        {
            ClockFactor = atSlowestPace ? cluster.PaceFactor : 1,
        };
    }

    /// <summary>
    /// For ranks that are worker processes on a CPU (the <c>host-cpu</c> device) rather than devices of their own:
    /// each node's ranks share its calibrated cores, which slow to the all-core clock when all are busy, and their
    /// collectives within a node are loopback copies on those cores (<see cref="SharedCpu"/>). Null for accelerators.
    /// </summary>
    public static SharedCpu? SharedCpuOf(Cluster cluster, ComputeCostModel cost, HardwareCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(catalog);
        if (!cost.IsCpu)
        {
            return null;
        }

        HostCpuCostProfile cpu = cost.Profile.Cpu ?? catalog.HostCpu;

        // With every core busy each runs at the all-core clock (the FMA probe's all-core rate over its one-core
        // rate), so the host serves that many one-core equivalents. The loopback ring was measured with both of
        // its processes busy, at that clock: in one-core units its step costs the measured time times the factor.
        double allCoreClock = new CpuPeaks(cpu.PeakPerCore, cpu.PeakAllCores).ClockFactor(cpu.Cores, cpu.Cores);
        return new SharedCpu
        {
            HostOfRank = [.. cluster.Accelerators.Select(cluster.NodeOf)],
            CoresPerHost = cpu.Cores * allCoreClock,
            Cores = cpu.Cores,
            TimeSlice = cpu.SchedulerSlice,
            LoopbackLatency = cpu.LoopbackLatency * allCoreClock,
            LoopbackBandwidth = cpu.LoopbackBandwidth / allCoreClock,

            // The oversubscribed ring was timed as the wall time of a step with r processes per core: each member
            // had 1/r of a core, so a member's share of the step is the measured time over r.
            OversubscribedAbove = cpu.HasOversubscribedLoopback ? cpu.Cores : 0,
            OversubscribedLoopbackLatency = cpu.HasOversubscribedLoopback ? cpu.OversubscribedLoopbackLatency * (allCoreClock / cpu.OversubscribedRanksPerCore) : Duration.Zero,
            OversubscribedLoopbackBandwidth = cpu.HasOversubscribedLoopback ? cpu.OversubscribedLoopbackBandwidth * (cpu.OversubscribedRanksPerCore / allCoreClock) : ByteRate.Zero,
        };
    }
}
