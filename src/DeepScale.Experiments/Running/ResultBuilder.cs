using System.Reflection;

using DeepScale.Core.Units;
using DeepScale.Experiments.Results;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Cloud;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;
using DeepScale.Parallelism.Strategies;
using DeepScale.Replay;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Memory;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Running;

/// <summary>Turns a simulated iteration into the result contract's record.</summary>
internal static class ResultBuilder
{
    public static RunResult Build(Scenario scenario, Fidelity fidelity, Cluster cluster, ComputeCostModel cost, TrainingLayout layout,
        TrainingSchedule? schedule, ReplayOutput? replay, Duration iteration, Duration[] parts, double computeUtilization,
        LinkUtilization links, TimeSpan wall)
    {
        double t = iteration.Seconds;
        int gpus = layout.Gpus;
        ModelAccount account = ModelAccountant.Account(scenario.Model, layout.ToAccountingOptions());
        double microbatches = (double)layout.Data * layout.Context * layout.Microbatches * layout.Tensor;
        double modelFlops = schedule?.ModelFlopsPerIteration.Flops ?? account.ModelFlops.Flops * microbatches;
        double hardwareFlops = schedule?.HardwareFlopsPerIteration.Flops ?? account.HardwareFlops.Flops * microbatches;
        double peak = cost.Accelerator.PeakFor(layout.Precision).FlopsPerSecond;
        long tokens = scenario.Model is TransformerModel tm ? layout.GlobalBatch * tm.SeqLen : 0;
        double usdPerHour = scenario.Cluster.CloudInstance is { } instance ? CloudCost.For(instance, scenario.Cluster.Nodes).UsdPerHour : 0;

        return new RunResult
        {
            Name = scenario.Name,
            Gpus = gpus,
            Fidelity = fidelity.ToString().ToLowerInvariant(),
            ModelParams = ModelAccountant.CountParameters(scenario.Model),
            IterationTimeS = t,
            SamplesPerS = layout.GlobalBatch / t,
            TokensPerS = tokens / t,
            ModelFlopsPerIteration = modelFlops,
            ModelTflopsPerGpu = modelFlops / t / gpus / 1e12,
            HardwareTflopsPerGpu = hardwareFlops / t / gpus / 1e12,
            Mfu = modelFlops / t / gpus / peak,
            Hfu = hardwareFlops / t / gpus / peak,
            Memory = Memory(scenario.Model, layout, schedule, replay, cluster.Node.Accelerator.Memory),
            BreakdownS = new BreakdownResult
            {
                Forward = parts[(int)TimeCategory.Forward].Seconds,
                Backward = parts[(int)TimeCategory.Backward].Seconds,
                Recompute = parts[(int)TimeCategory.Recompute].Seconds,
                Optimizer = parts[(int)TimeCategory.Optimizer].Seconds,
                PipelineBubble = parts[(int)TimeCategory.PipelineBubble].Seconds,
                ExposedTpComm = parts[(int)TimeCategory.ExposedTpComm].Seconds,
                ExposedPpComm = parts[(int)TimeCategory.ExposedPpComm].Seconds,
                ExposedDpComm = parts[(int)TimeCategory.ExposedDpComm].Seconds,
                DataStall = parts[(int)TimeCategory.DataStall].Seconds,
            },
            Utilization = new UtilizationResult
            {
                GpuCompute = Math.Clamp(computeUtilization, 0, 1),
                ScaleUp = links.ScaleUp,
                ScaleOut = links.ScaleOut,
                Storage = links.Storage,
            },
            Cost = new CostResult { UsdPerHour = usdPerHour, UsdPerIteration = usdPerHour * t / 3600 },
            SimulationWallS = wall.TotalSeconds,
            Manifest = new ManifestResult
            {
                DeepscaleVersion = Version,
                SpecSha256 = scenario.SpecSha256,
                Seed = scenario.Seed,
                CatalogVersion = scenario.Cluster.CatalogVersion,
            },
        };
    }

    /// <summary>The tool's version (the assembly's informational version).</summary>
    public static string Version { get; } =
        typeof(ResultBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>
    /// The memory of the stage with the highest peak. With a replay, activations are what the replay's ledger
    /// measured on top of the static memory; analytically they come from the schedule's micro-batches in flight.
    /// </summary>
    private static MemoryResult Memory(ModelDescription model, TrainingLayout layout, TrainingSchedule? schedule, ReplayOutput? replay, Bytes capacity)
    {
        int stages = layout.Pipeline;
        var breakdowns = schedule?.MemoryByStage
            ?? [.. Enumerable.Range(0, stages).Select(s => MemoryAccountant.Account(model, TrainingScheduleBuilder.MemoryStrategyFor(layout, s)))];
        int worst = 0;
        double worstPeak = -1;
        for (int s = 0; s < stages; s++)
        {
            double p = replay is null ? breakdowns[s].Peak.Count : replay.PeakMemoryByStage[s].Count;
            if (p > worstPeak)
            {
                worstPeak = p;
                worst = s;
            }
        }

        MemoryBreakdown b = breakdowns[worst];
        Bytes activations = replay is null ? b.Activations : replay.PeakMemoryByStage[worst] - (b.Peak - b.Activations);
        Bytes other = b.TemporaryTotal + b.FrameworkTotal;
        Bytes peak = b.Weights + b.Gradients + b.OptimizerStates + activations + other;
        bool fits = peak <= capacity;
        var overflowing = fits ? [] : b.Components
            .Select(c => c.Name == "activations" ? c with { Size = activations } : c)
            .Where(c => c.Size.Count > 0)
            .OrderByDescending(c => c.Size.Count)
            .Select(c => $"{c.Name} {c.Size}")
            .ToList();
        return new MemoryResult
        {
            WeightsGib = b.Weights.GiBs,
            GradientsGib = b.Gradients.GiBs,
            OptimizerGib = b.OptimizerStates.GiBs,
            ActivationsGib = activations.GiBs,
            OtherGib = other.GiBs,
            PeakGib = peak.GiBs,
            CapacityGib = capacity.GiBs,
            Fits = fits,
            Overflowing = overflowing,
        };
    }
}
