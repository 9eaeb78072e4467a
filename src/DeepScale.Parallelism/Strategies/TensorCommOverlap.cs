using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Parallelism.Schedules;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;

namespace DeepScale.Parallelism.Strategies;

/// <summary>How a step of an operator's pass runs beside its tensor-parallel collective.</summary>
public enum OverlapShape
{
    /// <summary>Compute with no collective beside it.</summary>
    Alone,

    /// <summary>The collective and the compute start together and are independent; what follows waits for both.</summary>
    Beside,

    /// <summary>The collective produces the GEMM's input: both split into chunks, chunk i's GEMM waits for chunk i's collective while chunk i + 1's runs.</summary>
    FeedsCompute,

    /// <summary>The collective consumes the GEMM's output: both split into chunks, chunk i's collective runs while chunk i + 1's GEMM computes.</summary>
    FedByCompute,
}

/// <summary>Which work of an operator a step computes.</summary>
public enum OverlapWork
{
    Forward,
    BackwardInput,
    BackwardWeight,
}

/// <summary>One step of an operator's pass with tensor-parallel communication overlapped: its shape, the work it computes, and its collective (none when alone).</summary>
public readonly record struct OverlapStep(OverlapShape Shape, OverlapWork Work, ModelParallelExchange? Exchange);

/// <summary>
/// Tensor-parallel communication overlapped with GEMMs (<c>overlap.tp_comm</c>), as Megatron-LM and Transformer
/// Engine do it for the linear layers of a tensor-parallel transformer:
/// <list type="bullet">
/// <item>backward of a column-parallel GEMM (QKV, fc1, the LM head): the input gradient's all-reduce (or its
/// reduce-scatter with sequence parallelism) runs beside the weight-gradient GEMM, and with sequence parallelism
/// the all-gather of the saved input runs beside the input-gradient GEMM (Megatron-LM's
/// <c>LinearWithGradAccumulationAndAsyncCommunication</c>);</item>
/// <item>with sequence parallelism and Transformer Engine's userbuffers (<c>userbuffers</c>), which Megatron-Core's
/// <c>--tp-comm-overlap</c> turns on and which need sequence parallelism: the all-gather feeding a forward GEMM (and
/// a row-parallel GEMM's input-gradient GEMM) as a ring exchange, the GEMM split into one chunk per tensor-parallel
/// rank, the local chunk computed while the next arrives from a neighbour (tensor − 1 exchange steps); the
/// reduce-scatter draining a row-parallel forward GEMM pipelined in 4 chunks; and the backward's all-gather and
/// reduce-scatter beside the input- and weight-gradient GEMMs ("bulk"). The SMs these kernels hold are TE's
/// defaults (<c>initialize_ub</c>: 1 for a ring exchange, 16 otherwise). Without userbuffers (no sequence
/// parallelism, or <c>tp_comm: backward</c>) only the backward overlaps of the first item run, as NCCL collectives
/// on their channels, and the forward's collectives block.</item>
/// <item>context parallelism's ring form (<see cref="ContextCommunication.P2P"/>, whatever <c>overlap.tp_comm</c>
/// says): the attention kernel runs once per key/value shard while the next shard arrives from the ring neighbour
/// (context − 1 shifts, NCCL sends and receives), and in the backward pass each shift also carries the gradients of
/// the previous shard, the last of which go home after the compute.</item>
/// </list>
/// The forward all-reduce of a row-parallel GEMM without sequence parallelism, the embedding's and the loss's
/// collectives stay blocking: nothing independent is left to run beside them. While a collective runs, compute beside
/// it progresses at 1/(1 + s) (<see cref="Analytical.KernelInterference"/>). <see cref="Evaluate"/> is the closed
/// form of the steps the schedule builder emits, which the replay runs as ops.
/// </summary>
/// <remarks>
/// A ring-exchange step is a shift of one shard along the tensor group's ring (a send/recv over the group: each rank
/// sends to its neighbour at once). One simplification: a GEMM chunk takes its share of the whole GEMM's time,
/// without the lower efficiency of the smaller GEMM.
/// </remarks>
public static class TensorCommOverlap
{
    /// <summary>
    /// The steps of <paramref name="op"/>'s <paramref name="phase"/> (forward also for its recomputation), or an empty
    /// array when its collectives in that phase stay blocking. A ring exchange (context parallelism's point-to-point
    /// form, <see cref="ModelParallelExchange.Ring"/>) always runs as steps; tensor-parallel collectives only with
    /// <paramref name="tensorOverlap"/> (<c>overlap.tp_comm</c> with more than one tensor rank).
    /// </summary>
    /// <param name="userbuffers">Transformer Engine's userbuffers overlap (with sequence parallelism): forward and row-parallel backward collectives pipelined with their GEMMs.</param>
    public static OverlapStep[] Steps(Operator op, ExecutionPhase phase, bool userbuffers, bool tensorOverlap)
    {
        ArgumentNullException.ThrowIfNull(op);
        if (RingSteps(op, phase) is { } ring)
        {
            return ring;
        }

        if (!tensorOverlap || !op.IsMatmul)
        {
            return [];
        }

        ModelParallelExchange? before = null, after = null;
        foreach (ModelParallelExchange ex in op.Exchanges)
        {
            // Only tensor-parallel collectives run beside GEMMs; context-parallel gathers in their all-gather form block.
            if (ex.Phase != phase || ex.Group != ExchangeGroup.Tensor)
            {
                continue;
            }

            if (ex.BeforeOperator)
            {
                before = ex;
            }
            else
            {
                after = ex;
            }
        }

        if (before is null && after is null)
        {
            return [];
        }

        if (phase == ExecutionPhase.Forward)
        {
            // Transformer Engine pipelines an all-gather into, or a reduce-scatter out of, a GEMM: sequence parallelism.
            if (!userbuffers || (before is not null && after is not null))
            {
                return [];
            }

            return before is not null
                ? [new OverlapStep(OverlapShape.FeedsCompute, OverlapWork.Forward, before)]
                : [new OverlapStep(OverlapShape.FedByCompute, OverlapWork.Forward, after)];
        }

        if (after is not null)
        {
            // Column-parallel: input gradient first (beside the input's all-gather with sequence parallelism), then
            // the weight gradient beside the input gradient's all-reduce or reduce-scatter.
            return
            [
                before is not null
                    ? new OverlapStep(OverlapShape.Beside, OverlapWork.BackwardInput, before)
                    : new OverlapStep(OverlapShape.Alone, OverlapWork.BackwardInput, null),
                new OverlapStep(OverlapShape.Beside, OverlapWork.BackwardWeight, after),
            ];
        }

        // Row-parallel with sequence parallelism: with userbuffers the output gradient's all-gather feeds the
        // input-gradient GEMM; NCCL's blocks.
        return !userbuffers ? [] :
        [
            new OverlapStep(OverlapShape.FeedsCompute, OverlapWork.BackwardInput, before),
            new OverlapStep(OverlapShape.Alone, OverlapWork.BackwardWeight, null),
        ];
    }

    /// <summary>
    /// A ring exchange's steps: its shards feed the operator's compute chunk by chunk, and a last shift after the
    /// operator (the backward pass's gradients going home) runs when the compute is done. Null without one.
    /// </summary>
    private static OverlapStep[]? RingSteps(Operator op, ExecutionPhase phase)
    {
        ModelParallelExchange? feed = null, last = null;
        foreach (ModelParallelExchange ex in op.Exchanges)
        {
            if (ex.Phase == phase && ex.Ring > 0)
            {
                if (ex.BeforeOperator)
                {
                    feed = ex;
                }
                else
                {
                    last = ex;
                }
            }
        }

        if (feed is null)
        {
            return null;
        }

        OverlapWork work = phase == ExecutionPhase.Forward ? OverlapWork.Forward : OverlapWork.BackwardInput;
        return last is null
            ? [new OverlapStep(OverlapShape.FeedsCompute, work, feed)]
            : [new OverlapStep(OverlapShape.FeedsCompute, work, feed), new OverlapStep(OverlapShape.Beside, OverlapWork.BackwardWeight, last)];
    }

    /// <summary>The ranks a step's ring runs over: its exchange's ring, else the tensor-parallel group.</summary>
    public static int GroupSize(OverlapStep step, int tensor) => step.Exchange is { Ring: > 0 } ex ? ex.Ring : tensor;

    /// <summary>Chunks of Transformer Engine's pipelined reduce-scatter overlap (<c>num_splits</c> default of <c>initialize_ub</c>).</summary>
    public const int PipelineSplits = 4;

    /// <summary>SMs Transformer Engine's userbuffers kernels hold, by method (<c>initialize_ub</c> defaults): a ring exchange runs on copy engines and 1 SM.</summary>
    public const int RingExchangeSms = 1;

    /// <summary>SMs of TE's bulk and pipelined overlaps (<c>initialize_ub</c> default).</summary>
    public const int UserbufferSms = 16;

    /// <summary>Compute chunks of a step: one per rank of the ring (<paramref name="group"/>) for a ring exchange, <see cref="PipelineSplits"/> for a pipelined reduce-scatter, else 1.</summary>
    public static int Chunks(OverlapShape shape, int group) => shape switch
    {
        OverlapShape.FeedsCompute => group,
        OverlapShape.FedByCompute => PipelineSplits,
        _ => 1,
    };

    /// <summary>
    /// SMs a context ring's shift holds: NCCL runs a send/receive pair on its point-to-point channels, 2 per peer by
    /// default (NCCL's init log "2 p2p channels per peer", NVIDIA/nccl#1189; <c>NCCL_NCHANNELS_PER_NET_PEER</c>
    /// default 2, NVIDIA/nccl#1272), one thread block each.
    /// </summary>
    public const int RingShiftSms = 2;

    /// <summary>
    /// SMs a step's collective holds beside compute: TE's userbuffers, or 0 (the group's NCCL channels) without them;
    /// a context ring's shift holds <see cref="RingShiftSms"/>.
    /// </summary>
    public static int Channels(OverlapStep step, bool userbuffers) => step.Exchange is { Ring: > 0 } ? RingShiftSms : Channels(step.Shape, userbuffers);

    /// <summary>SMs a tensor-parallel step of <paramref name="shape"/> holds beside compute (see <see cref="Channels(OverlapStep, bool)"/>).</summary>
    public static int Channels(OverlapShape shape, bool userbuffers) =>
        !userbuffers ? 0 : shape == OverlapShape.FeedsCompute ? RingExchangeSms : UserbufferSms;

    /// <summary>The full-speed compute of a step.</summary>
    public static double ComputeSeconds(OverlapStep step, OperatorTiming timing)
    {
        ArgumentNullException.ThrowIfNull(timing);
        return step.Work switch
        {
            OverlapWork.Forward => timing.Forward.Seconds,
            OverlapWork.BackwardInput => timing.BackwardInput.Seconds,
            _ => timing.BackwardWeight.Seconds,
        };
    }

    /// <summary>
    /// The payload of one collective of a step: the exchange's for a bulk overlap; a quarter of the reduce-scatter's
    /// for a pipelined chunk; for a ring-exchange step, one rank's shard (payload / ring size, see
    /// <see cref="GroupSize"/>), which every rank sends to its neighbour.
    /// </summary>
    public static Bytes Payload(OverlapStep step, int tensor) => step.Exchange is not { } ex ? Bytes.Zero : step.Shape switch
    {
        OverlapShape.FeedsCompute => new Bytes(ex.Payload.Count / GroupSize(step, tensor)),
        OverlapShape.FedByCompute => new Bytes(ex.Payload.Count / PipelineSplits),
        _ => ex.Payload,
    };

    /// <summary>The collective one step runs: a send/recv shift along the tensor ring for a ring-exchange step, else its exchange's.</summary>
    public static CollectiveOp CollectiveOf(OverlapStep step) => step.Shape == OverlapShape.FeedsCompute
        ? CollectiveOp.SendRecv
        : (step.Exchange ?? throw new ArgumentException("a step without a collective", nameof(step))).Kind.ToCollective();

    /// <summary>
    /// An operator's overlapped phase in closed form: the compute stream's busy time beyond the steps' full-speed
    /// compute, and its waiting for collectives, in seconds; <paramref name="collective"/> times one collective on a
    /// group and <paramref name="slowdown"/> gives the slowdown beside a collective holding so many SMs (0: NCCL's channels).
    /// </summary>
    public static (double Extra, double Wait) Charge(OverlapStep[] steps, OperatorTiming timing, int tensor, bool userbuffers,
        Func<int, double> slowdown, Func<CollectiveOp, GroupRole, Bytes, double> collective)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(slowdown);
        ArgumentNullException.ThrowIfNull(collective);
        double extra = 0, wait = 0;
        foreach (OverlapStep step in steps)
        {
            double compute = ComputeSeconds(step, timing);
            double comm = step.Exchange is { } ex ? collective(CollectiveOf(step), ex.Group.Role(), Payload(step, tensor)) : 0;
            (double busy, double w) = Evaluate(step.Shape, GroupSize(step, tensor), compute, comm, slowdown(Channels(step, userbuffers)));
            extra += busy - compute;
            wait += w;
        }

        return (extra, wait);
    }

    /// <summary>The communication group of an exchange's ranks.</summary>
    public static GroupRole Role(this ExchangeGroup group) => group switch
    {
        ExchangeGroup.Context => GroupRole.Context,
        _ => GroupRole.Tensor,
    };

    /// <summary>The collective of an exchange kind.</summary>
    public static CollectiveOp ToCollective(this ExchangeKind kind) => kind switch
    {
        ExchangeKind.AllGather => CollectiveOp.AllGather,
        ExchangeKind.ReduceScatter => CollectiveOp.ReduceScatter,
        ExchangeKind.AllReduce => CollectiveOp.AllReduce,
        ExchangeKind.SendRecv => CollectiveOp.SendRecv,
        ExchangeKind.AllToAll => CollectiveOp.AllToAll,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown tensor-parallel exchange"),
    };

    /// <summary>
    /// One step in closed form: the compute stream's busy time (the compute, stretched where a collective ran beside
    /// it) and its waiting for the collectives, in seconds. <paramref name="compute"/> is the step's whole compute at
    /// full speed, <paramref name="collective"/> the time of one of its collectives (a ring exchange has tensor − 1, a
    /// pipelined reduce-scatter one per chunk, a bulk overlap one); <paramref name="group"/> is the ring's size.
    /// </summary>
    public static (double Busy, double Wait) Evaluate(OverlapShape shape, int group, double compute, double collective, double slowdown)
    {
        int chunks = Chunks(shape, group);
        double w = compute / chunks;
        switch (shape)
        {
            case OverlapShape.Alone:
                return (compute, 0);
            case OverlapShape.Beside:
                {
                    double end = Progress(0, compute, collective, slowdown);
                    return (end, Math.Max(0, collective - end));
                }

            case OverlapShape.FeedsCompute:
                {
                    // Exchange steps back to back from 0; the local chunk computes at once, chunk i when step i has
                    // brought it and chunk i − 1 is done.
                    double free = 0, busy = 0, wait = 0, active = (chunks - 1) * collective;
                    for (int i = 0; i < chunks; i++)
                    {
                        double start = Math.Max(free, i * collective);
                        wait += start - free;
                        free = Progress(start, w, active, slowdown);
                        busy += free - start;
                    }

                    return (busy, wait);
                }

            case OverlapShape.FedByCompute:
                {
                    // GEMM chunks back to back from 0; chunk i's collective starts when its GEMM and the previous
                    // collective are done, so after GEMM i a collective runs without a break until collective i ends.
                    double free = 0, commEnd = 0;
                    for (int i = 0; i < chunks; i++)
                    {
                        free = Progress(free, w, commEnd, slowdown);
                        commEnd = Math.Max(free, commEnd) + collective;
                    }

                    return (free, commEnd - free);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "unknown overlap shape");
        }
    }

    /// <summary>When work of <paramref name="work"/> seconds started at <paramref name="start"/> ends, slowed by 1 + s until <paramref name="slowUntil"/>.</summary>
    private static double Progress(double start, double work, double slowUntil, double slowdown)
    {
        if (slowdown <= 0 || start >= slowUntil)
        {
            return start + work;
        }

        double slowWork = (slowUntil - start) / (1 + slowdown);
        return work <= slowWork ? start + (work * (1 + slowdown)) : slowUntil + (work - slowWork);
    }
}
