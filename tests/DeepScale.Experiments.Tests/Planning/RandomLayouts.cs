using DeepScale.Core.Random;
using DeepScale.Core.Units;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Pipeline;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Memory;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Tests.Planning;

/// <summary>Valid training layouts of a transformer on a cluster, drawn from a seeded generator over every knob the estimator reads.</summary>
internal static class RandomLayouts
{
    public static List<TrainingLayout> Draw(TransformerModel model, int gpus, int gpusPerNode, int globalBatch, ulong seed, int count)
    {
        var random = new DeterministicRandom(seed);
        var layouts = new List<TrainingLayout>();
        int[] tensors = [.. new[] { 1, 2, 4, 8 }.Where(t => model.Heads % t == 0 && model.KvHeads % t == 0 && model.FfnHidden % t == 0 && gpusPerNode % t == 0)];
        while (layouts.Count < count)
        {
            int t = Pick(random, tensors);
            int[] pipelines = [.. Enumerable.Range(1, gpus / t).Where(p => gpus / t % p == 0 && model.Layers % p == 0)];
            int p = Pick(random, pipelines), d = gpus / (t * p), b = 1 + random.NextInt(4);
            if (globalBatch % (b * d) != 0)
            {
                continue;
            }

            int m = globalBatch / (b * d), v = 1 + random.NextInt(4);
            if (v > 1 && (p < 2 || model.Layers % (p * v) != 0 || m % p != 0))
            {
                v = 1;
            }

            int zero = random.NextInt(p > 1 ? 2 : 4);
            layouts.Add(new TrainingLayout
            {
                Tensor = t,
                Pipeline = p,
                Data = d,
                VirtualStages = v,
                Schedule = v > 1 ? PipelineScheduleKind.Interleaved1F1B : random.NextInt(4) == 0 ? PipelineScheduleKind.GPipe : PipelineScheduleKind.OneFOneB,
                SequenceParallel = t > 1 && model.SeqLen % t == 0 && random.NextInt(2) == 0,
                ZeroStage = zero,
                DistributedOptimizer = zero == 0 && random.NextInt(3) == 0,
                Overlap = new OverlapOptions { GradReduce = random.NextInt(2) == 0, PpComm = random.NextInt(3) == 0, TpComm = t > 1 && random.NextInt(2) == 0, TpCommUserbuffers = random.NextInt(2) == 0 },
                Recompute = (RecomputeMode)random.NextInt(3),
                Placement = random.NextInt(3) == 0 ? RankPlacement.TensorDataPipeline : RankPlacement.TensorPipelineData,
                GlobalBatch = globalBatch,
                MicroBatch = b,
                Precision = Pick(random, [Precision.Bf16, Precision.Fp16, Precision.Fp32]),
                Optimizer = random.NextInt(4) == 0 ? OptimizerKind.Sgd : OptimizerKind.Adam,
                Attention = random.NextInt(3) == 0 ? AttentionImplementation.Unfused : AttentionImplementation.Flash,
                FusedElementwise = random.NextInt(4) != 0,
                ScatterGather = random.NextInt(4) != 0,
                GradAccumulationFusion = random.NextInt(3) != 0,
                AveragingPeriod = random.NextInt(6) == 0 ? 4 : 1,
            });
        }

        return layouts;
    }

    public static AccountingOptions AccountingOf(TrainingLayout l) => new()
    {
        MicroBatch = l.MicroBatch,
        TensorParallel = l.Tensor,
        SequenceParallel = l.SequenceParallel,
        Recompute = l.Recompute,
        Attention = l.Attention,
        Precision = l.Precision,
        FusedElementwise = l.FusedElementwise,
    };

    private static T Pick<T>(DeterministicRandom random, IReadOnlyList<T> values) => values[random.NextInt(values.Count)];
}
