using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;
using DeepScale.Parallelism.Strategies;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Models;

namespace DeepScale.Parallelism.Analytical;

/// <summary>
/// The end of a training iteration on one pipeline stage, as both analytical estimators charge it: the
/// data-parallel gradient reduction (partly hidden by the last backward pass when overlapped), the all-reduce of
/// the tied embedding's gradients between the first and the last stage, the optimizer step on the stage's (shard of
/// its) parameters, and with ZeRO or the distributed optimizer the all-gather of the updated 16-bit parameters.
/// </summary>
/// <remarks>
/// The embedding all-reduce ends on the first and the last stage at the same moment, so with a sharded optimizer
/// their parameter all-gathers (of nearly equal size: the blocks plus the embedding or its copy) start together and
/// share the links both data-parallel groups cross; that all-gather is charged with the other one alongside
/// (<see cref="ICommunicationCost.CollectiveAlongside"/>). The other stages end their backward passes one by one
/// and are charged alone.
/// </remarks>
internal static class IterationEnd
{
    /// <param name="chunkParameters">Parameters the stage updates, per model chunk (its layers, plus the copy of a tied
    /// embedding it does not hold).</param>
    /// <param name="tiedTotal">Parameters of the tied embedding, all-reduced between the first and the last stage.</param>
    /// <param name="lastBackward">Seconds of one micro-batch's backward pass of a chunk, which an overlapped reduction
    /// hides behind.</param>
    public static void Charge(TrainingLayout layout, ComputeCostModel cost, ICommunicationCost comm, int stage, ReadOnlySpan<long> chunkParameters,
        long tiedTotal, bool tiedEmbeddings, double lastBackward, Span<double> result)
    {
        long parameters = 0;
        foreach (long n in chunkParameters)
        {
            parameters += n;
        }

        int p = layout.Pipeline;
        double gradientBytes = ShardedParameters.GradientBytesOf(layout);
        bool sharded = layout.ZeroStage >= 1 || layout.DistributedOptimizer;
        bool embeddingStage = p > 1 && tiedEmbeddings && (stage == 0 || stage == p - 1);
        double dp = 0;
        if (layout.ShardGroup > 1 && layout.AveragingPeriod == 1 && layout.ZeroStage < 3)
        {
            var grads = new Bytes(parameters * gradientBytes);
            CollectiveOp op = sharded ? CollectiveOp.ReduceScatter : CollectiveOp.AllReduce;
            double reduce = comm.Collective(op, GroupRole.Data, stage, grads).Seconds;
            double bucket = comm.Collective(op, GroupRole.Data, stage, Bytes.Min(grads, layout.GradientBucket)).Seconds;
            if (layout.Overlap.GradReduce)
            {
                // The reduction runs beside the last backward pass, whose kernels lose the SMs its channels hold.
                double slowed = KernelInterference.Extra(lastBackward, reduce, KernelInterference.DataParallel(cost, comm, stage));
                dp = Math.Max(OverlappedEnd(layout, comm, stage, op, chunkParameters, gradientBytes, lastBackward), bucket + slowed);
            }
            else
            {
                dp = reduce;
            }
            if (sharded)
            {
                var weights = new Bytes(parameters * layout.Precision.BytesPerElement());
                dp += (embeddingStage
                    ? comm.CollectiveAlongside(CollectiveOp.AllGather, GroupRole.Data, stage, stage == 0 ? p - 1 : 0, weights)
                    : comm.Collective(CollectiveOp.AllGather, GroupRole.Data, stage, weights)).Seconds;
            }
        }
        else if (layout.ShardGroup > 1 && layout.AveragingPeriod > 1)
        {
            // Local SGD: the fp32 parameter average every H steps, amortized over the H steps.
            dp = comm.Collective(CollectiveOp.AllReduce, GroupRole.Data, stage, new Bytes(parameters * 4.0)).Seconds / layout.AveragingPeriod;
        }

        if (embeddingStage)
        {
            dp += comm.Collective(CollectiveOp.AllReduce, GroupRole.Embedding, stage, new Bytes(tiedTotal * gradientBytes)).Seconds;
        }

        result[(int)TimeCategory.ExposedDpComm] += dp;
        double shard = sharded && layout.ShardGroup > 1 ? layout.ShardGroup : 1;
        result[(int)TimeCategory.Optimizer] += cost.OptimizerStepTime(parameters / shard, layout.Optimizer, layout.Precision).Seconds;
    }

    /// <summary>
    /// When the data-parallel stream finishes the overlapped reductions, in seconds after the stage's last backward
    /// pass. Each model chunk's gradients are complete when its last backward pass ends: in the interleaved
    /// schedule's cool-down the passes go through the chunks from the last to the first, p passes each, so chunk c
    /// completes c · p passes before the end; its buckets are reduced as that pass produces them, one after another
    /// on one stream, the last one after the pass. With one chunk this is max(reduce − pass, last bucket).
    /// </summary>
    private static double OverlappedEnd(TrainingLayout layout, ICommunicationCost comm, int stage, CollectiveOp op,
        ReadOnlySpan<long> chunkParameters, double gradientBytes, double pass)
    {
        int p = layout.Pipeline;
        double free = double.NegativeInfinity;
        for (int c = chunkParameters.Length - 1; c >= 0; c--)
        {
            if (chunkParameters[c] == 0)
            {
                continue;
            }

            var grads = new Bytes(chunkParameters[c] * gradientBytes);
            double reduce = comm.Collective(op, GroupRole.Data, stage, grads).Seconds;
            double bucket = comm.Collective(op, GroupRole.Data, stage, Bytes.Min(grads, layout.GradientBucket)).Seconds;
            double complete = -(c * p * pass);
            double start = Math.Max(free, complete - pass);
            free = Math.Max(start + reduce, complete + bucket);
        }

        return free;
    }
}
