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
/// The analytical fidelity: one iteration in closed form from the same per-slice costs the replay's programs are
/// built from. Per micro-batch, a slice's forward and backward times include its blocking tensor-parallel
/// collectives; the pipeline takes m times the slowest stage plus the fill and drain of the others, which the
/// interleaved schedule divides by v (Narayanan et al. 2021, Sec. 2.2); the data-parallel reduction is exposed
/// except for what the last backward pass hides; the optimizer follows.
/// </summary>
public static class AnalyticalEstimator
{
    public static AnalyticalEstimate Estimate(ModelDescription model, TrainingLayout layout, ComputeCostModel cost, ICommunicationCost comm)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(comm);
        layout.Validate();
        AccountingOptions options = layout.ToAccountingOptions().Validate();
        ModelAccount account = ModelAccountant.Account(model, options);
        return Estimate(model, account, cost.Time(account), layout, cost, comm);
    }

    /// <summary>The estimate from an accounting and its timing already computed (the planner caches them).</summary>
    public static AnalyticalEstimate Estimate(ModelDescription model, ModelAccount account, ModelTiming timing,
        TrainingLayout layout, ComputeCostModel cost, ICommunicationCost comm)
    {
        int p = layout.Pipeline, v = layout.VirtualStages, m = layout.Microbatches;
        IReadOnlyList<IReadOnlyList<LayerAccount>> slices = PipelineSplit.Slice(account, p * v, v, layout.StageLayers);
        var byOperator = new Dictionary<Operator, OperatorTiming>(ReferenceEqualityComparer.Instance);
        foreach (OperatorTiming t in timing.Operators)
        {
            byOperator[t.Operator] = t;
        }

        int categories = Enum.GetValues<TimeCategory>().Length;
        var stageParts = new double[p][];
        var stageBusy = new double[p];
        var lastBackward = new double[p];
        Bytes activation = TrainingScheduleBuilder.StageActivationBytes(model, layout);
        var sync = new GradientSync(layout, cost);
        var sharding = new ShardedParameters(layout, cost);
        for (int s = 0; s < p; s++)
        {
            double[] parts = stageParts[s] = new double[categories];
            for (int c = 0; c < v; c++)
            {
                IReadOnlyList<LayerAccount> slice = slices[(c * p) + s];
                SliceCost sc = SliceCost.Of(slice, byOperator, layout, s, comm, channels => KernelInterference.TensorParallel(cost, comm, s, channels));
                double accumulate = layout.GradAccumulationFusion ? 0 : sync.AccumulationTime(slice.Sum(l => l.Parameters)).Seconds;
                parts[(int)TimeCategory.Forward] += m * sc.Forward;
                parts[(int)TimeCategory.Backward] += m * (sc.Backward + accumulate);
                parts[(int)TimeCategory.Recompute] += m * sc.Recompute;
                parts[(int)TimeCategory.ExposedTpComm] += m * sc.TensorComm;
                parts[(int)TimeCategory.ExposedDpComm] += m * Zero3Exposed(slice, byOperator, layout, s, comm, sharding, KernelInterference.DataParallel(cost, comm, s));
                if (c == 0)
                {
                    lastBackward[s] = sc.Backward + sc.Recompute + sc.TensorCommBackward;
                }

                bool receivesForward = (c * p) + s > 0;
                if (p > 1 && receivesForward && activation.Count > 0 && layout.Tensor > 1 && layout.ScatterGather && !layout.SequenceParallel)
                {
                    parts[(int)TimeCategory.ExposedPpComm] += 2 * m * comm.Collective(CollectiveOp.AllGather, GroupRole.Tensor, s, activation * layout.Tensor).Seconds;
                }

                // Megatron's batched send-and-receive calls: each pass waits for its send to drain.
                if (p > 1 && !layout.Overlap.PpComm)
                {
                    parts[(int)TimeCategory.ExposedPpComm] += 2 * m * comm.PointToPoint(s, (s + 1) % p, activation).Seconds;
                }
            }

            stageBusy[s] = parts.Sum();
        }

        // Pipeline: m micro-batches at the pace of the slowest stage, plus the fill and drain through the others
        // (shrunk by v when interleaved), plus the transfers along the fill and drain paths.
        int critical = Array.IndexOf(stageBusy, stageBusy.Max());
        double p2p = p > 1 ? comm.PointToPoint(0, Math.Min(1, p - 1), activation).Seconds : 0;
        double others = stageBusy.Sum() - stageBusy[critical];
        double fill = p > 1 ? (others / m / (layout.Schedule == PipelineScheduleKind.Interleaved1F1B ? v : 1)) + (2 * (p - 1) * p2p) : 0;
        if (layout.Schedule == PipelineScheduleKind.Interleaved1F1B && p > 1)
        {
            fill += 2 * ((p * v) - p) * p2p / v;
        }

        double[] result = (double[])stageParts[critical].Clone();
        result[(int)TimeCategory.PipelineBubble] = fill - (p > 1 ? 2 * (p - 1) * p2p : 0);
        result[(int)TimeCategory.ExposedPpComm] += p > 1 ? 2 * (p - 1) * p2p : 0;

        // End of iteration: gradient reduction (partly hidden by the last backward when overlapped), embedding
        // all-reduce, optimizer, parameter gather.
        EndOfIteration(model, layout, cost, comm, slices, critical, lastBackward[critical], result);
        double total = result.Sum();
        return new AnalyticalEstimate(Duration.FromSeconds(total), [.. result.Select(Duration.FromSeconds)], critical);
    }

    private static void EndOfIteration(ModelDescription model, TrainingLayout layout, ComputeCostModel cost, ICommunicationCost comm,
        IReadOnlyList<IReadOnlyList<LayerAccount>> slices, int stage, double lastBackward, double[] result)
    {
        int p = layout.Pipeline, v = layout.VirtualStages;
        IEnumerable<LayerAccount> layers = Enumerable.Range(0, v).SelectMany(c => slices[(c * p) + stage]);
        bool hasEmbedding = layers.Any(l => l.Kind == LayerKind.Embedding);
        long[] chunkParameters = [.. Enumerable.Range(0, v).Select(c => slices[(c * p) + stage]
            .Sum(l => l.Parameters + (hasEmbedding ? 0 : l.TiedParameters)))];
        long tiedTotal = slices.SelectMany(x => x).Sum(l => l.TiedParameters);
        IterationEnd.Charge(layout, cost, comm, stage, chunkParameters, tiedTotal, (model as TransformerModel)?.TiedEmbeddings == true, lastBackward, result);
    }

    /// <summary>ZeRO-3 / FSDP per micro-batch (<see cref="ShardedParameters.Exposed"/>).</summary>
    private static double Zero3Exposed(IReadOnlyList<LayerAccount> slice, Dictionary<Operator, OperatorTiming> timing,
        TrainingLayout layout, int stage, ICommunicationCost comm, ShardedParameters sharding, double slowdown)
    {
        if (!sharding.Active)
        {
            return 0;
        }

        var layers = slice.Where(l => l.Parameters > 0).ToList();
        var transfers = new LayerTransfers[layers.Count];
        double[] forward = new double[layers.Count], backward = new double[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            LayerAccount layer = layers[i];
            transfers[i] = sharding.Seconds([.. sharding.Pieces(layer)], comm, stage);
            forward[i] = layer.Operators.Sum(o => timing[o].Forward.Seconds);
            backward[i] = layer.Operators.Sum(o => timing[o].Backward.Seconds + timing[o].Recompute.Seconds);
        }

        return ShardedParameters.Exposed(transfers, forward, backward, layout.Overlap.ParamGather, slowdown);
    }

    /// <summary>One slice's per-micro-batch times on one rank.</summary>
    private readonly record struct SliceCost(double Forward, double Backward, double Recompute, double TensorComm, double TensorCommBackward)
    {
        public static SliceCost Of(IReadOnlyList<LayerAccount> layers, Dictionary<Operator, OperatorTiming> timing,
            TrainingLayout layout, int stage, ICommunicationCost comm, Func<int, double> tensorSlowdown)
        {
            double f = 0, b = 0, r = 0, tpForward = 0, tpBackward = 0, tpRecompute = 0;
            bool overlap = layout.Overlap.TpComm && layout.Tensor > 1;
            bool userbuffers = layout.Overlap.Userbuffers(layout.SequenceParallel);
            bool full = layout.Recompute == RecomputeMode.Full;
            double Collective(CollectiveOp op, GroupRole role, Bytes bytes) => comm.Collective(op, role, stage, bytes).Seconds;
            double Exchange(ModelParallelExchange ex) => comm.Collective(ex.Kind.ToCollective(), ex.Group.Role(), stage, ex.Payload).Seconds;
            foreach (LayerAccount layer in layers)
            {
                foreach (Operator op in layer.Operators)
                {
                    OperatorTiming t = timing[op];
                    f += t.Forward.Seconds;
                    b += t.Backward.Seconds;
                    r += t.Recompute.Seconds;
                    OverlapStep[] forwardSteps = TensorCommOverlap.Steps(op, ExecutionPhase.Forward, userbuffers, overlap);
                    OverlapStep[] backwardSteps = TensorCommOverlap.Steps(op, ExecutionPhase.Backward, userbuffers, overlap);
                    if (forwardSteps.Length > 0)
                    {
                        (double extra, double wait) = TensorCommOverlap.Charge(forwardSteps, t, layout.Tensor, userbuffers, tensorSlowdown, Collective);
                        f += extra;
                        tpForward += wait;
                        if (op.Recomputed && full)
                        {
                            r += extra;
                            tpRecompute += wait;
                        }
                    }

                    if (backwardSteps.Length > 0)
                    {
                        (double extra, double wait) = TensorCommOverlap.Charge(backwardSteps, t, layout.Tensor, userbuffers, tensorSlowdown, Collective);
                        b += extra;
                        tpBackward += wait;
                    }

                    foreach (ModelParallelExchange ex in op.Exchanges)
                    {
                        if (ex.Phase == ExecutionPhase.Forward ? forwardSteps.Length > 0 : backwardSteps.Length > 0)
                        {
                            continue;
                        }

                        double time = Exchange(ex);
                        if (ex.Phase == ExecutionPhase.Forward)
                        {
                            tpForward += time;
                            if (op.Recomputed && full)
                            {
                                tpRecompute += time;
                            }
                        }
                        else
                        {
                            tpBackward += time;
                        }
                    }
                }
            }

            return new SliceCost(f, b, r, tpForward + tpBackward + tpRecompute, tpBackward + tpRecompute);
        }
    }
}
