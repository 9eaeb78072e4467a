using System.Collections.Immutable;

using DeepScale.Experiments.Reports;
using DeepScale.Experiments.Results;

namespace DeepScale.Experiments.Tests.Sweeps;

/// <summary>Hand-made result records and report points for the report tests.</summary>
internal static class ReportTestData
{
    /// <summary>A result of <paramref name="gpus"/> GPUs taking <paramref name="iterationS"/> per iteration of
    /// <paramref name="batch"/> samples of 1000 tokens, with the given stall, price and memory.</summary>
    public static RunResult Result(int gpus, double iterationS, int batch = 64, double stallS = 0, double usdPerHour = 0, double peakGib = 10, long parameters = 1_000_000)
    {
        double compute = iterationS - stallS;
        return new RunResult
        {
            Name = "test",
            Gpus = gpus,
            Fidelity = "analytical",
            ModelParams = parameters,
            IterationTimeS = iterationS,
            SamplesPerS = batch / iterationS,
            TokensPerS = batch * 1000 / iterationS,
            ModelFlopsPerIteration = 1e15,
            ModelTflopsPerGpu = 1e15 / iterationS / gpus / 1e12,
            HardwareTflopsPerGpu = 1e15 / iterationS / gpus / 1e12,
            Mfu = 0.5,
            Hfu = 0.5,
            Memory = new MemoryResult
            {
                WeightsGib = peakGib / 2,
                GradientsGib = peakGib / 4,
                OptimizerGib = peakGib / 4,
                ActivationsGib = 0,
                OtherGib = 0,
                PeakGib = peakGib,
                CapacityGib = 80,
                Fits = peakGib <= 80,
            },
            BreakdownS = new BreakdownResult
            {
                Forward = compute / 3,
                Backward = 2 * compute / 3,
                Recompute = 0,
                Optimizer = 0,
                PipelineBubble = 0,
                ExposedTpComm = 0,
                ExposedPpComm = 0,
                ExposedDpComm = 0,
                DataStall = stallS,
            },
            Utilization = new UtilizationResult { GpuCompute = 0.9, ScaleUp = 0, ScaleOut = 0, Storage = 0 },
            Cost = new CostResult { UsdPerHour = usdPerHour, UsdPerIteration = usdPerHour * iterationS / 3600 },
            SimulationWallS = 0,
            Manifest = new ManifestResult { DeepscaleVersion = "0.1.0", SpecSha256 = "x", Seed = 42, CatalogVersion = "c" },
        };
    }

    public static ReportPoint Point(int index, RunResult result, params (string Field, string Value)[] axes) =>
        new(index, [.. axes.Select(a => new AxisText(a.Field, a.Value))], result);

    public static ImmutableArray<ManifestAxis> Axes(params (string Field, string? Group, string[] Values)[] axes) =>
        [.. axes.Select(a => new ManifestAxis { Field = a.Field, Group = a.Group, Values = a.Values })];
}
