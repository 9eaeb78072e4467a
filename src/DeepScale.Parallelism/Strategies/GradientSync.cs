using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Memory;

namespace DeepScale.Parallelism.Strategies;

/// <summary>
/// The end of an iteration on one stage: data-parallel gradient reduction (bucketed and overlapped with the last
/// backward pass, or all at once after it), the tied-embedding gradient all-reduce between the first and last
/// stage, the optimizer step, and the parameter all-gather of a sharded optimizer.
/// </summary>
/// <remarks>
/// Collective sizes follow NCCL's convention (the whole buffer); gradient bytes as
/// <see cref="ShardedParameters.GradientBytesOf"/>. With ZeRO stage 1–2 or Megatron's distributed optimizer, gradients are reduce-scattered and the updated
/// shards all-gathered: the same bytes as an all-reduce, in two halves (Rajbhandari et al. 2020, Sec. 7).
/// </remarks>
internal sealed class GradientSync(TrainingLayout layout, ComputeCostModel cost, bool averagingStep = true)
{
    /// <summary>Bytes per gradient element in the data-parallel reduction.</summary>
    public double GradientBytes => ShardedParameters.GradientBytesOf(layout);

    private bool Sharded => layout.ZeroStage >= 1 || layout.DistributedOptimizer;

    private bool Synchronous => layout.ShardGroup > 1 && layout.AveragingPeriod == 1;

    /// <summary>Bucketed reductions overlapped with a chunk's last backward pass; returns the collective op indices.</summary>
    public List<int> WriteOverlappedBuckets(ProgramWriter w, IReadOnlyList<(LayerAccount Layer, int OpIndex)> ready, int chunk)
    {
        var ops = new List<int>();
        if (!Synchronous || !layout.Overlap.GradReduce || layout.ZeroStage >= 3)
        {
            return ops;
        }

        double pending = 0;
        int lastOp = -1;
        foreach ((LayerAccount layer, int opIndex) in ready)
        {
            pending += layer.Parameters * GradientBytes;
            lastOp = opIndex;
            if (pending >= layout.GradientBucket.Count)
            {
                ops.Add(Reduce(w, new Bytes(pending), lastOp, "dp bucket"));
                pending = 0;
            }
        }

        if (pending > 0)
        {
            ops.Add(Reduce(w, new Bytes(pending), lastOp, "dp bucket"));
        }

        return ops;
    }

    /// <summary>
    /// Everything after the last pass: the remaining gradient reduction, the embedding all-reduce, the optimizer,
    /// the parameter gather.
    /// </summary>
    public void WriteStep(ProgramWriter w, long stageParameters, long tiedEmbeddingParameters, List<int> overlapped)
    {
        var before = new List<int>(overlapped);
        if (Synchronous && !layout.Overlap.GradReduce && layout.ZeroStage < 3)
        {
            before.Add(Reduce(w, new Bytes(stageParameters * GradientBytes), w.Last, "dp gradients"));
        }

        if (tiedEmbeddingParameters > 0 && layout.Pipeline > 1)
        {
            before.Add(w.Collective("embedding grad all-reduce", CollectiveOp.AllReduce, GroupRole.Embedding,
                new Bytes(tiedEmbeddingParameters * GradientBytes), TimeCategory.ExposedDpComm, StreamKind.DataComm, [w.Last]));
        }

        double shard = Sharded && layout.ShardGroup > 1 ? layout.ShardGroup : 1;
        w.Compute("optimizer step", TimeCategory.Optimizer, OptimizerTime(stageParameters / shard), FlopCount.Zero,
            FlopCount.Zero, dependencies: [.. before]);
        if (Synchronous && Sharded && layout.ZeroStage < 3)
        {
            w.Collective("dp param all-gather", CollectiveOp.AllGather, GroupRole.Data,
                new Bytes(stageParameters * layout.Precision.BytesPerElement()), TimeCategory.ExposedDpComm);
        }
        else if (layout.ShardGroup > 1 && layout.AveragingPeriod > 1 && averagingStep)
        {
            // Local SGD: every H steps the replicas average their parameters; the replay of an averaging step
            // includes this all-reduce, the steps in between do not (the experiment layer weighs them 1 : H − 1).
            w.Collective("model averaging all-reduce", CollectiveOp.AllReduce, GroupRole.Data,
                new Bytes(stageParameters * 4.0), TimeCategory.ExposedDpComm);
        }
    }

    /// <summary>
    /// Adding one micro-batch's gradients to the main gradients with a separate kernel: read the new 16-bit (or
    /// 32-bit) gradient and the main gradient, write the main gradient.
    /// </summary>
    public Duration AccumulationTime(double parameters)
    {
        double produced = layout.Precision.BytesPerElement() == 4 ? 4 : 2;
        return cost.MemoryBoundKernelTime(new Bytes(parameters * (produced + (2 * GradientBytes))), new FlopCount(parameters));
    }

    private int Reduce(ProgramWriter w, Bytes bytes, int after, string name) =>
        w.Collective(name, Sharded ? CollectiveOp.ReduceScatter : CollectiveOp.AllReduce, GroupRole.Data, bytes,
            TimeCategory.ExposedDpComm, StreamKind.DataComm, after >= 0 ? [after] : []);

    private Duration OptimizerTime(double parameters) => cost.OptimizerStepTime(parameters, layout.Optimizer, layout.Precision);
}
