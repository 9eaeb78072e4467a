using DeepScale.Core.Units;
using DeepScale.Experiments.Results;
using DeepScale.Parallelism.Schedules;
using DeepScale.Replay;
using DeepScale.Reporting.Inputs;

namespace DeepScale.Reporting.Tests;

/// <summary>Made-up but plausible results and spans for rendering and round-trip tests.</summary>
internal static class SampleData
{
    /// <summary>A result whose breakdown adds up to <paramref name="iterationS"/> and whose memory parts add up to the peak.</summary>
    public static RunResult Result(
        string name,
        int gpus,
        double iterationS,
        double samplesPerS,
        double mfu,
        double peakGib = 60,
        double capacityGib = 80,
        double bubbleShare = 0.05,
        double dpShare = 0.05,
        double usdPerHour = 32.77)
    {
        double rest = 1 - bubbleShare - dpShare - 0.09;
        double forward = rest / 3;
        bool fits = peakGib <= capacityGib;
        return new RunResult
        {
            Name = name,
            Gpus = gpus,
            Fidelity = "symmetric",
            ModelParams = 1_700_000_000,
            IterationTimeS = iterationS,
            SamplesPerS = samplesPerS,
            TokensPerS = samplesPerS * 2048,
            ModelFlopsPerIteration = 6 * 1.7e9 * 2048 * samplesPerS * iterationS,
            ModelTflopsPerGpu = mfu * 312,
            HardwareTflopsPerGpu = mfu * 312 * 1.33,
            Mfu = mfu,
            Hfu = mfu * 1.33,
            Memory = new MemoryResult
            {
                WeightsGib = peakGib * 0.125,
                GradientsGib = peakGib * 0.125,
                OptimizerGib = peakGib * 0.5,
                ActivationsGib = peakGib * 0.2,
                OtherGib = peakGib * 0.05,
                PeakGib = peakGib,
                CapacityGib = capacityGib,
                Fits = fits,
                Overflowing = fits ? [] : ["optimizer", "activations"],
            },
            BreakdownS = new BreakdownResult
            {
                Forward = iterationS * forward,
                Backward = iterationS * forward * 2,
                Recompute = 0,
                Optimizer = iterationS * 0.02,
                PipelineBubble = iterationS * bubbleShare,
                ExposedTpComm = iterationS * 0.04,
                ExposedPpComm = iterationS * 0.02,
                ExposedDpComm = iterationS * dpShare,
                DataStall = iterationS * 0.01,
            },
            Utilization = new UtilizationResult { GpuCompute = mfu * 1.4, ScaleUp = 0.35, ScaleOut = 0.12 + (0.01 * Math.Log2(gpus)), Storage = 0.02 },
            Cost = new CostResult { UsdPerHour = usdPerHour * gpus / 8, UsdPerIteration = usdPerHour * gpus / 8 * iterationS / 3600 },
            SimulationWallS = 0.25,
            Manifest = new ManifestResult { DeepscaleVersion = "0.1.0", SpecSha256 = "ab12cd34", Seed = 42, CatalogVersion = "2025.1" },
        };
    }

    /// <summary>Strong scaling of a fixed job: efficiency falls from 100% at 8 GPUs to about 70% at 512.</summary>
    public static RunSeries Strong()
    {
        int[] gpus = [8, 16, 32, 64, 128, 256, 512];
        RunResult[] runs = [.. gpus.Select(g =>
        {
            double efficiency = 1 - (0.05 * Math.Log2(g / 8.0));
            double samples = 40 * g / 8.0 * efficiency;
            return Result($"strong-{g}", g, 1536 / samples, samples, 0.5 * efficiency);
        })];
        return new RunSeries("GPT 1.7B, batch 1536", runs, ScalingKind.Strong);
    }

    /// <summary>Weak scaling where the largest point does not fit in memory.</summary>
    public static RunSeries Weak()
    {
        int[] gpus = [8, 32, 128, 512, 2048];
        RunResult[] runs = [.. gpus.Select(g =>
        {
            double efficiency = 1 - (0.02 * Math.Log2(g / 8.0));
            double samples = 30 * g / 8.0 * efficiency;
            return Result($"weak-{g}", g, 12 * g / 8.0 / samples, samples, 0.45 * efficiency, peakGib: g == 2048 ? 92 : 70);
        })];
        return new RunSeries("batch 12 per GPU", runs, ScalingKind.Weak);
    }

    public static IReadOnlyList<LabeledResult> Configurations() =>
    [
        new("dp64", Result("dp64", 64, 2.9, 530, 0.31, peakGib: 112, bubbleShare: 0, dpShare: 0.25)),
        new("tp8-dp8", Result("tp8-dp8", 64, 2.1, 731, 0.43, peakGib: 38, bubbleShare: 0, dpShare: 0.06)),
        new("tp8-pp2-dp4", Result("tp8-pp2-dp4", 64, 1.9, 808, 0.47, peakGib: 31, bubbleShare: 0.08, dpShare: 0.03)),
        new("tp4-pp4-dp4", Result("tp4-pp4-dp4", 64, 2.0, 768, 0.45, peakGib: 27, bubbleShare: 0.12, dpShare: 0.03)),
        new("zero3-dp64", Result("zero3-dp64", 64, 2.6, 590, 0.36, peakGib: 22, bubbleShare: 0, dpShare: 0.2)),
        new("fsdp-hybrid", Result("fsdp-hybrid", 64, 2.3, 668, 0.40, peakGib: 84, bubbleShare: 0, dpShare: 0.12)),
    ];

    /// <summary>A GPipe-like iteration on four pipeline stages with four micro-batches: forward and backward on the
    /// compute stream, a gradient all-reduce on the data stream, flows from each stage's forward to the next.</summary>
    public static IReadOnlyList<TraceSpan> PipelineSpans()
    {
        const int stages = 4;
        const int microbatches = 4;
        Duration forward = Duration.FromMilliseconds(10);
        Duration backward = Duration.FromMilliseconds(20);
        var spans = new List<TraceSpan>();
        for (int s = 0; s < stages; s++)
        {
            for (int m = 0; m < microbatches; m++)
            {
                SimTime start = SimTime.Zero + (forward * (long)(s + m));
                spans.Add(new TraceSpan(s, StreamKind.Compute, $"F{m}", TimeCategory.Forward, start, start + forward, s < stages - 1 ? (m * 10) + s : -1));
            }

            SimTime backwardStart = SimTime.Zero + (forward * (long)(stages + microbatches - 1)) + (backward * (long)(stages - 1 - s));
            for (int m = 0; m < microbatches; m++)
            {
                SimTime start = backwardStart + (backward * (long)m);
                spans.Add(new TraceSpan(s, StreamKind.Compute, $"B{m}", TimeCategory.Backward, start, start + backward));
            }

            SimTime reduceStart = backwardStart + (backward * (long)microbatches);
            spans.Add(new TraceSpan(s, StreamKind.DataComm, "all-reduce grads", TimeCategory.ExposedDpComm, reduceStart, reduceStart + Duration.FromMilliseconds(15), 1000));
            SimTime optimizerStart = reduceStart + Duration.FromMilliseconds(15);
            spans.Add(new TraceSpan(s, StreamKind.Compute, "adam", TimeCategory.Optimizer, optimizerStart, optimizerStart + Duration.FromMilliseconds(4)));
            spans.Add(new TraceSpan(s, StreamKind.DataLoad, "read batch", TimeCategory.DataStall, SimTime.Zero, SimTime.Zero + Duration.FromMilliseconds(6)));
        }

        return spans;
    }

    /// <summary>Fourteen configurations with long labels and two device capacities (40 and 80 GiB).</summary>
    public static LabeledResult[] ManyConfigurations() =>
    [
        .. Enumerable.Range(0, 14).Select(i =>
        {
            int tensor = 1 << (i % 4);
            int pipeline = 1 << (i / 4);
            string label = $"tp{tensor}-pp{pipeline}-dp{64 / tensor / pipeline}-{(i % 2 == 0 ? "recompute-full" : "zero1")}";
            double capacity = i % 3 == 0 ? 40 : 80;
            return new LabeledResult(label, Result(label, 64, 0.8 + (0.1 * i), 100 + i, 0.3 + (0.01 * i), peakGib: 20 + (6 * i), capacityGib: capacity, bubbleShare: 0.02 * (i / 4)));
        }),
    ];

    /// <summary>Three series from 1 to 4096 GPUs.</summary>
    public static RunSeries[] WideSeries() =>
    [
        .. new[] { ("A100, fat tree", 0.03), ("H100, rail-optimized", 0.02), ("V100, 100 Gb/s", 0.07) }.Select(s => new RunSeries(
            s.Item1,
            [.. Enumerable.Range(0, 13).Select(k =>
            {
                int g = 1 << k;
                double efficiency = Math.Max(0.05, 1 - (s.Item2 * k));
                return Result($"{s.Item1}-{g}", g, 1, 12.5 * g * efficiency, 0.5 * efficiency);
            })],
            ScalingKind.Weak)),
    ];

    /// <summary>Thirty priced points on a grid of instance types and counts.</summary>
    public static CostTimePoint[] ManyCloudPoints() =>
    [
        .. Enumerable.Range(0, 30).Select(i =>
        {
            double count = 1 << (i % 6);
            double speed = 1 + (i / 6);
            double days = 200 / (count * speed * Math.Pow(0.93, Math.Log2(count)));
            return new CostTimePoint($"type{i / 6} ×{count}", days * 86400, days * 24 * count * speed * 30);
        }),
    ];

    /// <summary>A data-parallel iteration on <paramref name="ranks"/> ranks: compute, then a gradient all-reduce.</summary>
    public static IReadOnlyList<TraceSpan> ManyRankSpans(int ranks) =>
    [
        .. Enumerable.Range(0, ranks).SelectMany(r => new[]
        {
            new TraceSpan(r, StreamKind.Compute, "fwd", TimeCategory.Forward, SimTime.Zero, SimTime.FromSeconds(0.010 + (r * 1e-5))),
            new TraceSpan(r, StreamKind.Compute, "bwd", TimeCategory.Backward, SimTime.FromSeconds(0.011), SimTime.FromSeconds(0.031)),
            new TraceSpan(r, StreamKind.DataComm, "all-reduce", TimeCategory.ExposedDpComm, SimTime.FromSeconds(0.020), SimTime.FromSeconds(0.036), 7),
        }),
    ];

    public static IReadOnlyList<CostTimePoint> CloudPoints() =>
    [
        new("p4d ×4", 30 * 24 * 3600, 4 * 32.77 * 30 * 24),
        new("p4d ×16", 8.2 * 24 * 3600, 16 * 32.77 * 8.2 * 24),
        new("p4d ×64", 2.4 * 24 * 3600, 64 * 32.77 * 2.4 * 24),
        new("p5 ×8", 7.5 * 24 * 3600, 8 * 98.32 * 7.5 * 24),
        new("p5 ×32", 2.1 * 24 * 3600, 32 * 98.32 * 2.1 * 24),
        new("a2-ultra ×16", 8.9 * 24 * 3600, 16 * 40.55 * 8.9 * 24),
        new("ND H100 v5 ×16", 3.9 * 24 * 3600, 16 * 98.32 * 3.9 * 24),
        new("a3-high ×8", 7.9 * 24 * 3600, 8 * 88.25 * 7.9 * 24),
    ];

    public static IReadOnlyList<PredictionComparison> Comparisons() =>
    [
        new("1.7B / 32 GPUs", 142, 137, 4),
        new("3.6B / 64", 139, 138),
        new("7.5B / 128", 150, 142, 5),
        new("18B / 256", 128, 135),
        new("39B / 512", 152, 138),
        new("76B / 1024", 147, 140),
        new("145B / 1536", 136, 148, 3),
        new("310B / 1920", 161, 155),
        new("530B / 2520", 168, 163),
        new("1T / 3072", 171, 163),
    ];
}
