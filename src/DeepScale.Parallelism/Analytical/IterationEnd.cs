using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;
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
    /// <param name="parameters">Parameters the stage updates (its layers, plus the copy of a tied embedding it does not hold).</param>
    /// <param name="tiedTotal">Parameters of the tied embedding, all-reduced between the first and the last stage.</param>
    /// <param name="lastBackward">Seconds of the stage's last backward pass, which an overlapped reduction hides behind.</param>
    public static void Charge(TrainingLayout layout, ComputeCostModel cost, ICommunicationCost comm, int stage, long parameters,
        long tiedTotal, bool tiedEmbeddings, double lastBackward, Span<double> result)
    {
        int p = layout.Pipeline;
        double gradientBytes = layout.Precision is Precision.Fp16 ? 2 : 4;
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
                dp = Math.Max(reduce - lastBackward, bucket + slowed);
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
}
