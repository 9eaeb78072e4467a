using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Pipeline;
using DeepScale.Parallelism.Schedules;
using DeepScale.Parallelism.Strategies;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Memory;
using DeepScale.Workloads.Models;

namespace DeepScale.Parallelism.Analytical;

/// <summary>
/// The analytical fidelity of <see cref="AnalyticalEstimator"/> evaluated from a <see cref="LayerCostTable"/>: the
/// same closed form (per-stage forward, backward, recompute and blocking tensor-parallel time per micro-batch, m
/// times the slowest stage plus the fill and drain of the others, divided by v when interleaved — Narayanan et al.
/// 2021, Sec. 2.2 — then the exposed data-parallel reduction and the optimizer), but with each slice's sums read
/// from the table instead of walking its operators, so one layout costs O(p·v·k) arithmetic for p stages, v
/// chunks and k kinds of tensor-parallel collective.
/// </summary>
/// <remarks>
/// The terms are added in the order <see cref="AnalyticalEstimator"/> adds them, except that a slice's operator
/// times are summed per layer first and its tensor-parallel collectives are counted and multiplied rather than
/// added one by one; the two agree to rounding (tests compare them on random layouts). The layout is not validated
/// here: callers pass layouts a loader or a planner has checked, with the table's micro-batch, tensor size,
/// sequence parallelism, recompute policy, attention, precision and kernel fusion.
/// </remarks>
public static class SlicedAnalyticalEstimator
{
    private const int Categories = (int)TimeCategory.DataStall + 1;

    /// <summary>Stages up to which the per-stage scratch lives on the stack.</summary>
    private const int StackStages = 128;

    /// <summary>The full estimate: iteration time, breakdown and critical stage.</summary>
    public static AnalyticalEstimate Estimate(LayerCostTable table, TrainingLayout layout, ComputeCostModel cost, ICommunicationCost comm)
    {
        Span<double> parts = stackalloc double[Categories];
        int critical = Evaluate(table, layout, cost, comm, parts);
        double total = 0;
        var durations = ImmutableArray.CreateBuilder<Duration>(Categories);
        foreach (double part in parts)
        {
            total += part;
            durations.Add(Duration.FromSeconds(part));
        }

        return new AnalyticalEstimate(Duration.FromSeconds(total), durations.MoveToImmutable(), critical);
    }

    /// <summary>The iteration time in seconds only (the planner's inner loop).</summary>
    public static double IterationSeconds(LayerCostTable table, TrainingLayout layout, ComputeCostModel cost, ICommunicationCost comm)
    {
        Span<double> parts = stackalloc double[Categories];
        Evaluate(table, layout, cost, comm, parts);
        double total = 0;
        foreach (double part in parts)
        {
            total += part;
        }

        return total;
    }

    /// <summary>Fills <paramref name="result"/> with the breakdown (seconds by <see cref="TimeCategory"/>); returns the critical stage.</summary>
    private static int Evaluate(LayerCostTable table, TrainingLayout layout, ComputeCostModel cost, ICommunicationCost comm, Span<double> result)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(comm);
        CheckMatches(table, layout);

        int p = layout.Pipeline, v = layout.VirtualStages, m = layout.Microbatches, k = table.ExchangeKinds;
        LayerCostTable.SliceSums[] slices = table.Slices(p * v, v, layout.StageLayers);
        Bytes activation = TrainingScheduleBuilder.StageActivationBytes(table.Model, layout);
        GradientSync? sync = layout.GradAccumulationFusion ? null : new GradientSync(layout, cost);
        var sharding = new ShardedParameters(layout, cost);
        bool full = layout.Recompute == RecomputeMode.Full;
        bool gather = p > 1 && activation.Count > 0 && layout.Tensor > 1 && layout.ScatterGather && !layout.SequenceParallel;
        bool blockingSends = p > 1 && !layout.Overlap.PpComm;
        bool tpOverlap = layout.Overlap.TpComm && layout.Tensor > 1;
        const int shapes = (int)OverlapShape.FedByCompute + 1;
        Span<double> tpSlowdown = stackalloc double[shapes];

        Span<double> stageParts = p <= StackStages ? stackalloc double[StackStages * Categories] : new double[p * Categories];
        Span<double> stageBusy = p <= StackStages ? stackalloc double[StackStages] : new double[p];
        Span<double> lastBackward = p <= StackStages ? stackalloc double[StackStages] : new double[p];
        Span<double> tp = k <= 32 ? stackalloc double[32] : new double[k];
        stageParts[..(p * Categories)].Clear();
        for (int s = 0; s < p; s++)
        {
            for (int x = 0; x < k; x++)
            {
                tp[x] = comm.Collective(table.ExchangeOps[x], table.ExchangeRoles[x], s, table.ExchangePayloads[x]).Seconds;
            }

            double ringSlowdown = table.HasRing ? KernelInterference.TensorParallel(cost, comm, s, TensorCommOverlap.RingShiftSms) : 0;
            if (tpOverlap)
            {
                for (int shape = 0; shape < shapes; shape++)
                {
                    tpSlowdown[shape] = KernelInterference.TensorParallel(cost, comm, s, TensorCommOverlap.Channels((OverlapShape)shape, table.Userbuffers));
                }
            }

            double gatherTime = gather ? comm.Collective(CollectiveOp.AllGather, GroupRole.Tensor, s, activation * layout.Tensor).Seconds : 0;
            double sendTime = blockingSends ? comm.PointToPoint(s, (s + 1) % p, activation).Seconds : 0;
            Span<double> parts = stageParts.Slice(s * Categories, Categories);
            for (int c = 0; c < v; c++)
            {
                LayerCostTable.SliceSums slice = slices[(c * p) + s];
                double tpForward = 0, tpBackward = 0, tpRecompute = 0;
                for (int x = 0; x < k; x++)
                {
                    tpForward += (slice.ForwardExchanges[x] - (tpOverlap ? slice.ForwardOverlapped[x] : 0)) * tp[x];
                    tpBackward += (slice.BackwardExchanges[x] - (tpOverlap ? slice.BackwardOverlapped[x] : 0)) * tp[x];
                    if (full)
                    {
                        tpRecompute += (slice.RecomputedExchanges[x] - (tpOverlap ? slice.RecomputedOverlapped[x] : 0)) * tp[x];
                    }
                }

                // Collectives beside GEMMs (overlap.tp_comm): the compute they slow and the waiting they leave.
                double forwardExtra = 0, backwardExtra = 0, recomputeExtra = 0;
                if (tpOverlap || table.HasRing)
                {
                    foreach (LayerCostTable.OverlapUnit u in slice.Units)
                    {
                        if (u.Ring == 0 && !tpOverlap)
                        {
                            continue;
                        }

                        double slowdown = u.Ring > 0 ? ringSlowdown : tpSlowdown[(int)u.Shape];
                        (double stepBusy, double wait) = TensorCommOverlap.Evaluate(u.Shape, u.Ring > 0 ? u.Ring : layout.Tensor, u.Compute, tp[u.Key], slowdown);
                        double extra = u.Count * (stepBusy - u.Compute);
                        if (u.Phase == ExecutionPhase.Backward)
                        {
                            backwardExtra += extra;
                            tpBackward += u.Count * wait;
                            continue;
                        }

                        forwardExtra += extra;
                        tpForward += u.Count * wait;
                        if (full && u.Recomputed)
                        {
                            recomputeExtra += extra;
                            tpRecompute += u.Count * wait;
                        }
                    }
                }

                double accumulate = sync is null ? 0 : sync.AccumulationTime(slice.Parameters).Seconds;
                parts[(int)TimeCategory.Forward] += m * (slice.Forward + forwardExtra);
                parts[(int)TimeCategory.Backward] += m * (slice.Backward + backwardExtra + accumulate);
                parts[(int)TimeCategory.Recompute] += m * (slice.Recompute + recomputeExtra);
                parts[(int)TimeCategory.ExposedTpComm] += m * (tpForward + tpBackward + tpRecompute);
                if (layout.ZeroStage >= 3 && layout.ShardGroup >= 2)
                {
                    parts[(int)TimeCategory.ExposedDpComm] += m * Zero3Exposed(table, slice, layout, s, comm, sharding, KernelInterference.DataParallel(cost, comm, s));
                }
                if (c == 0)
                {
                    lastBackward[s] = slice.Backward + backwardExtra + slice.Recompute + recomputeExtra + (tpBackward + tpRecompute);
                }

                if (gather && (c * p) + s > 0)
                {
                    parts[(int)TimeCategory.ExposedPpComm] += 2 * m * gatherTime;
                }

                if (blockingSends)
                {
                    parts[(int)TimeCategory.ExposedPpComm] += 2 * m * sendTime;
                }
            }

            double busy = 0;
            foreach (double part in parts)
            {
                busy += part;
            }

            stageBusy[s] = busy;
        }

        // Pipeline: m micro-batches at the pace of the slowest stage, plus the fill and drain through the others.
        int critical = 0;
        double all = 0;
        for (int s = 0; s < p; s++)
        {
            all += stageBusy[s];
            if (stageBusy[s] > stageBusy[critical])
            {
                critical = s;
            }
        }

        double p2p = p > 1 ? comm.PointToPoint(0, Math.Min(1, p - 1), activation).Seconds : 0;
        double others = all - stageBusy[critical];
        bool interleaved = layout.Schedule == PipelineScheduleKind.Interleaved1F1B;
        double fill = p > 1 ? (others / m / (interleaved ? v : 1)) + (2 * (p - 1) * p2p) : 0;
        if (interleaved && p > 1)
        {
            fill += 2 * ((p * v) - p) * p2p / v;
        }

        stageParts.Slice(critical * Categories, Categories).CopyTo(result);
        result[(int)TimeCategory.PipelineBubble] = fill - (p > 1 ? 2 * (p - 1) * p2p : 0);
        result[(int)TimeCategory.ExposedPpComm] += p > 1 ? 2 * (p - 1) * p2p : 0;
        EndOfIteration(table, layout, cost, comm, slices, critical, lastBackward[critical], result);
        return critical;
    }

    /// <summary>The data-parallel reduction, embedding all-reduce and optimizer of the critical stage (<see cref="IterationEnd"/>).</summary>
    private static void EndOfIteration(LayerCostTable table, TrainingLayout layout, ComputeCostModel cost, ICommunicationCost comm,
        LayerCostTable.SliceSums[] slices, int stage, double lastBackward, Span<double> result)
    {
        int p = layout.Pipeline, v = layout.VirtualStages;
        bool hasEmbedding = false;
        for (int c = 0; c < v; c++)
        {
            hasEmbedding |= slices[(c * p) + stage].HasEmbedding;
        }

        Span<long> chunkParameters = v <= StackStages ? stackalloc long[v] : new long[v];
        for (int c = 0; c < v; c++)
        {
            LayerCostTable.SliceSums slice = slices[(c * p) + stage];
            chunkParameters[c] = slice.Parameters + (hasEmbedding ? 0 : slice.Tied);
        }

        IterationEnd.Charge(layout, cost, comm, stage, chunkParameters, table.TiedTotal,
            (table.Model as TransformerModel)?.TiedEmbeddings == true, lastBackward, result);
    }

    /// <summary>ZeRO-3 per micro-batch, as <see cref="AnalyticalEstimator"/> charges it (<see cref="ShardedParameters.Exposed"/>).</summary>
    private static double Zero3Exposed(LayerCostTable table, LayerCostTable.SliceSums slice, TrainingLayout layout, int stage,
        ICommunicationCost comm, ShardedParameters sharding, double slowdown)
    {
        int n = 0;
        foreach (int l in slice.Members)
        {
            n += table.Parameters[l] > 0 ? 1 : 0;
        }

        Span<LayerTransfers> transfers = n <= 256 ? stackalloc LayerTransfers[n] : new LayerTransfers[n];
        Span<double> forward = n <= 256 ? stackalloc double[n] : new double[n];
        Span<double> backward = n <= 256 ? stackalloc double[n] : new double[n];
        int i = 0;
        foreach (int l in slice.Members)
        {
            if (table.Parameters[l] > 0)
            {
                ReadOnlySpan<long> pieces = layout.ZeroGranularity == ZeroGranularity.Tensor
                    ? table.Tensors[l]
                    : new ReadOnlySpan<long>(in table.Parameters[l]);
                transfers[i] = sharding.Seconds(pieces, comm, stage);
                forward[i] = table.Forward[l];
                backward[i] = table.BackwardAndRecompute[l];
                i++;
            }
        }

        return ShardedParameters.Exposed(transfers, forward, backward, layout.Overlap.ParamGather, slowdown);
    }

    private static void CheckMatches(LayerCostTable table, TrainingLayout layout)
    {
        AccountingOptions o = table.Options;
        if (o.MicroBatch != layout.MicroBatch || o.TensorParallel != layout.Tensor || o.SequenceParallel != layout.SequenceParallel
            || o.Recompute != layout.Recompute || o.Attention != layout.Attention || o.Precision != layout.Precision
            || o.FusedElementwise != layout.FusedElementwise || table.Userbuffers != layout.Overlap.Userbuffers(layout.SequenceParallel))
        {
            throw new ArgumentException(
                $"the cost table was built for micro_batch {o.MicroBatch}, tensor {o.TensorParallel}, sequence_parallel {o.SequenceParallel}, recompute {o.Recompute}, "
                + $"{o.Attention} attention, {o.Precision}, fused {o.FusedElementwise}, userbuffers {table.Userbuffers}; the layout differs", nameof(layout));
        }
    }
}
