using System.Collections.Immutable;
using System.Numerics;

using DeepScale.Core.Units;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// Costs and plans collectives on a cluster. <see cref="Estimate"/> is the analytical α-β model (microseconds per
/// call once the group's rings are known); <see cref="LinkLoad"/> gives the same collective's wire bytes per
/// directed link for a flow-level network, and <see cref="CollectiveReplay"/> replays its lock-step rounds on the
/// kernel; <see cref="Plan"/> expresses the same algorithm and protocol as a DAG of point-to-point transfers (the
/// step-list reference). Unless the request forces them, algorithm and protocol are
/// chosen as NCCL chooses: by NCCL's own tuning formulas (<see cref="NcclChoiceTime"/>, NVIDIA/nccl
/// src/graph/tuning.cc), among the algorithms NCCL has for the operation (ring and tree for all-reduce, ring for
/// reduce-scatter, all-gather and broadcast, direct for all-to-all and send/recv). Group profiles are cached, so
/// the instance is meant to live as long as its cluster; calls are serialized.
/// </summary>
public sealed class CollectiveModel(Cluster cluster)
{
    // NCCL treeCorrectionFactor[protocol][log2(bytes/64)], 64 B to 256 MB (tuning.cc): "Trees are not perfectly
    // sticking to the model for medium sizes".
    private static readonly double[][] s_treeCorrection =
    [
        [1.0, 1.0, 1.0, 1.0, .9, .8, .7, .7, .7, .7, .6, .5, .4, .4, .5, .6, .7, .8, .9, 1.0, 1.0, 1.0, 1.0],
        [1.0, 1.0, 1.0, 1.0, 1.0, .9, .8, .8, .8, .7, .6, .6, .6, .6, .6, .6, .8, .9, .9, .9, .9, 1.0, 1.0],
        [.9, .9, .9, .9, .9, .9, .9, .8, .7, .6, .6, .5, .5, .5, .5, .6, .7, .8, .7, .7, .8, .9, .9],
    ];

    private readonly Dictionary<GroupKey, GroupProfile> _profiles = [];
    private readonly Lock _lock = new();
    private UsageAccumulator? _usage;

    /// <summary>The cluster.</summary>
    public Cluster Cluster { get; } = cluster ?? throw new ArgumentNullException(nameof(cluster));

    /// <summary>
    /// An algorithm to use wherever it implements the collective and the group allows it, as NCCL_ALGO does; the
    /// automatic choice elsewhere. Null: always automatic. A request's own <see cref="CollectiveRequest.Algorithm"/> wins.
    /// </summary>
    public CollectiveAlgorithm? Preferred { get; init; }

    /// <summary>The analytical estimate of a collective (algorithm and protocol chosen as NCCL would unless forced).</summary>
    public CollectiveEstimate Estimate(CollectiveRequest request)
    {
        lock (_lock)
        {
            (AlgorithmContext ctx, CollectiveAlgorithm algorithm) = Choose(request);
            return ToEstimate(ctx, algorithm, CostOf(ctx, algorithm));
        }
    }

    /// <summary>The step list of a collective, for the same algorithm and protocol as <see cref="Estimate"/>.</summary>
    public CollectivePlan Plan(CollectiveRequest request)
    {
        lock (_lock)
        {
            (AlgorithmContext ctx, CollectiveAlgorithm algorithm) = Choose(request);
            AlgorithmCost cost = CostOf(ctx, algorithm);
            CollectiveEstimate estimate = ToEstimate(ctx, algorithm, cost);
            PlanBuilder plan = new(1.0 / cost.Efficiency);
            if (ctx.N > 1)
            {
                switch (algorithm)
                {
                    case CollectiveAlgorithm.Ring when request.Op == CollectiveOp.Broadcast:
                        ChainAlgorithm.Build(ctx, plan, cost.Chunks);
                        break;
                    case CollectiveAlgorithm.Ring:
                        RingAlgorithm.Build(ctx, plan);
                        break;
                    case CollectiveAlgorithm.DoubleBinaryTree:
                        TreeAlgorithm.Build(ctx, plan);
                        break;
                    case CollectiveAlgorithm.RecursiveHalvingDoubling:
                        HalvingDoublingAlgorithm.Build(ctx, plan);
                        break;
                    case CollectiveAlgorithm.Hierarchical:
                        HierarchicalAlgorithm.Build(ctx, plan);
                        break;
                    default:
                        DirectAlgorithm.Build(ctx, plan);
                        break;
                }
            }

            return plan.Build(estimate, cost.Chunks, ctx.Protocol.StartDelay);
        }
    }

    /// <summary>
    /// The link-load view of the collective <see cref="Estimate"/> costs (same algorithm, protocol and channels):
    /// per phase, the wire bytes each directed link carries summed over steps and channels, with the latency part.
    /// Each phase's most loaded link (load / capacity) plus its latency and off-bottleneck parts add up, with the
    /// start delay, to <see cref="CollectiveEstimate.Time"/>.
    /// </summary>
    public CollectiveLinkLoad LinkLoad(CollectiveRequest request)
    {
        lock (_lock)
        {
            (CollectiveEstimate estimate, LockStepProgram program) = LockStepCore(request);
            return CollectiveLinkLoad.Of(estimate, program, Cluster.Graph);
        }
    }

    /// <summary>The estimate and its lock-step rounds, for the event-driven replay.</summary>
    internal (CollectiveEstimate Estimate, LockStepProgram Program) LockStep(CollectiveRequest request)
    {
        lock (_lock)
        {
            return LockStepCore(request);
        }
    }

    private (CollectiveEstimate Estimate, LockStepProgram Program) LockStepCore(CollectiveRequest request)
    {
        (AlgorithmContext ctx, CollectiveAlgorithm algorithm) = Choose(request);
        AlgorithmCost cost = CostOf(ctx, algorithm);
        CollectiveEstimate estimate = ToEstimate(ctx, algorithm, cost);
        if (ctx.N <= 1)
        {
            return (estimate, new ProgramBuilder().Build(cost.Time));
        }

        LockStepProgram program = algorithm switch
        {
            CollectiveAlgorithm.Ring when request.Op == CollectiveOp.Broadcast => ChainAlgorithm.Program(ctx),
            CollectiveAlgorithm.Ring => RingAlgorithm.Program(ctx, cost),
            CollectiveAlgorithm.DoubleBinaryTree => TreeAlgorithm.Program(ctx),
            CollectiveAlgorithm.RecursiveHalvingDoubling => HalvingDoublingAlgorithm.Program(ctx),
            CollectiveAlgorithm.Hierarchical => HierarchicalAlgorithm.Program(ctx),
            _ => DirectAlgorithm.Program(ctx),
        };
        return (estimate, program);
    }

    /// <summary>Every (algorithm, protocol) NCCL would consider for the request, with NCCL's own tuning-model time.</summary>
    public IReadOnlyList<(CollectiveAlgorithm Algorithm, NcclProtocol Protocol, Duration Time)> NcclCandidates(CollectiveRequest request)
    {
        lock (_lock)
        {
            GroupProfile g = Profile(request);
            List<(CollectiveAlgorithm, NcclProtocol, Duration)> result = [];
            foreach (CollectiveAlgorithm a in NcclAlgorithms(request.Op, request.Algorithm))
            {
                if (request.Algorithm is null && !Models(g, a))
                {
                    continue;
                }

                foreach (NcclProtocol p in Protocols(request, a))
                {
                    ProtocolModel pm = new(g, request.Op, a == CollectiveAlgorithm.DoubleBinaryTree, p);
                    if (pm.Enabled)
                    {
                        result.Add((a, p, NcclChoiceTime(g, request, a, pm)));
                    }
                }
            }

            return result;
        }
    }

    private (AlgorithmContext Ctx, CollectiveAlgorithm Algorithm) Choose(CollectiveRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Size.Count < 0 || !double.IsFinite(request.Size.Count))
        {
            throw new ArgumentException($"bytes: {request.Size} must be a finite non-negative size", nameof(request));
        }

        if (request.Root < 0 || request.Root >= Math.Max(1, request.Ranks))
        {
            throw new ArgumentException($"root: {request.Root} is not a rank of the {request.Ranks}-rank group", nameof(request));
        }

        GroupProfile g = Profile(request);
        CollectiveAlgorithm? forced = request.Algorithm
            ?? (Preferred is CollectiveAlgorithm preferred && g.N > 1 && Applies(request.Op, preferred) && Models(g, preferred) ? preferred : null);
        if (forced is CollectiveAlgorithm a && !Applies(request.Op, a))
        {
            throw new ArgumentException($"algorithm: {a} does not implement {request.Op}", nameof(request));
        }

        bool ncclKnows = forced is null or CollectiveAlgorithm.Ring or CollectiveAlgorithm.DoubleBinaryTree or CollectiveAlgorithm.Direct;
        (CollectiveAlgorithm Algorithm, ProtocolModel Protocol, double Seconds)? best = null;
        IEnumerable<CollectiveAlgorithm> algorithms = ncclKnows ? NcclAlgorithms(request.Op, forced) : [forced!.Value];
        foreach (CollectiveAlgorithm alg in algorithms)
        {
            if (forced is null && !Models(g, alg))
            {
                continue;
            }

            foreach (NcclProtocol p in Protocols(request, alg))
            {
                ProtocolModel pm = new(g, request.Op, alg == CollectiveAlgorithm.DoubleBinaryTree, p);
                if (!pm.Enabled)
                {
                    continue;
                }

                double seconds = ncclKnows
                    ? NcclChoiceTime(g, request, alg, pm).Seconds
                    : CostOf(new AlgorithmContext(g, request, pm), alg).Time.Seconds;
                if (best is null || seconds < best.Value.Seconds)
                {
                    best = (alg, pm, seconds);
                }
            }
        }

        if (best is null)
        {
            throw new ArgumentException($"protocol: {request.Protocol} is not available for {request.Op} on this group", nameof(request));
        }

        return (new AlgorithmContext(g, request, best.Value.Protocol), best.Value.Algorithm);
    }

    private static AlgorithmCost CostOf(AlgorithmContext ctx, CollectiveAlgorithm algorithm)
    {
        if (ctx.N <= 1)
        {
            return new AlgorithmCost(NcclTuning.LaunchOverhead, NcclTuning.LaunchOverhead, ByteRate.Zero, 1, 1.0);
        }

        return algorithm switch
        {
            CollectiveAlgorithm.Ring when ctx.Request.Op == CollectiveOp.Broadcast => ChainAlgorithm.Cost(ctx),
            CollectiveAlgorithm.Ring => RingAlgorithm.Cost(ctx),
            CollectiveAlgorithm.DoubleBinaryTree => TreeAlgorithm.Cost(ctx),
            CollectiveAlgorithm.RecursiveHalvingDoubling => HalvingDoublingAlgorithm.Cost(ctx),
            CollectiveAlgorithm.Hierarchical => HierarchicalAlgorithm.Cost(ctx),
            _ => DirectAlgorithm.Cost(ctx),
        };
    }

    /// <summary>
    /// NCCL's tuning-model time (tuning.cc <c>ncclTopoTuneModel</c> and <c>ncclTopoGetAlgoTime</c>): ring latency
    /// base + (nsteps - nInterSteps)·intraLat + nInterSteps·interLat, tree latency base + 2((ppn-1)·intraLat +
    /// log2(nodes)·interLat); bandwidth = all channels' bus bandwidth × protocol factor × (ring n/nsteps, tree 0.5 and
    /// the tree correction factor); time = latency + S / bandwidth.
    /// </summary>
    internal static Duration NcclChoiceTime(GroupProfile g, CollectiveRequest r, CollectiveAlgorithm a, ProtocolModel pm)
    {
        if (g.N <= 1)
        {
            return Duration.Zero;
        }

        if (a == CollectiveAlgorithm.Direct)
        {
            return CostOf(new AlgorithmContext(g, r, pm), a).Time;
        }

        int n = g.N;
        int nodes = g.Nodes;
        HopClass intra = g.NvlinkInside ? HopClass.NvLink : HopClass.Pcie;
        Duration intraLat = pm.Hop(intra);
        Duration interLat = pm.Hop(HopClass.Network);
        double busBw = g.RingBandwidth.BytesPerSecond;
        double eta = pm.Efficiency(g.RingBandwidth);
        double latency;
        double algBw;
        if (a == CollectiveAlgorithm.Ring)
        {
            int nsteps = r.Op switch
            {
                CollectiveOp.AllReduce => 2 * (n - 1),
                CollectiveOp.ReduceScatter or CollectiveOp.AllGather => n - 1,
                _ => n,
            };
            int inter = r.Op switch
            {
                CollectiveOp.AllReduce => nodes > 1 ? 2 * nodes : 0,
                CollectiveOp.ReduceScatter or CollectiveOp.AllGather => nodes - 1,
                _ => nodes > 1 ? nodes : 0,
            };
            latency = pm.StartDelay.Seconds + ((nsteps - inter) * intraLat.Seconds) + (inter * interLat.Seconds);
            algBw = busBw * eta * n / nsteps;
        }
        else
        {
            int ppn = n / nodes;
            latency = pm.StartDelay.Seconds + (2 * (((ppn - 1) * intraLat.Seconds) + (BitOperations.Log2((uint)nodes) * interLat.Seconds)));
            int logSize = BitOperations.Log2((ulong)Math.Max(1, (long)r.Size.Count >> 6));
            double correction = logSize < 23 ? s_treeCorrection[(int)pm.Protocol][logSize] : 1.0;
            algBw = busBw * eta * 0.5 * correction;
        }

        return Duration.FromSeconds(latency + (algBw > 0 ? r.Size.Count / algBw : 0));
    }

    private static CollectiveEstimate ToEstimate(AlgorithmContext ctx, CollectiveAlgorithm algorithm, AlgorithmCost cost) =>
        new(ctx.Request.Op, algorithm, ctx.Protocol.Protocol, ctx.N, ctx.Request.Size, cost.Time, cost.Latency, cost.Bandwidth);

    /// <summary>
    /// Whether the algorithm's model covers the group's shape: the tree and hierarchical models need the same number
    /// of ranks on every node, so NCCL's choice passes over them for an uneven group (forcing one is an error).
    /// </summary>
    private static bool Models(GroupProfile g, CollectiveAlgorithm a) =>
        a is not (CollectiveAlgorithm.DoubleBinaryTree or CollectiveAlgorithm.Hierarchical) || g.PerNode >= 1;

    private static bool Applies(CollectiveOp op, CollectiveAlgorithm a) => (op, a) switch
    {
        (CollectiveOp.AllToAll or CollectiveOp.SendRecv, _) => a == CollectiveAlgorithm.Direct,
        (_, CollectiveAlgorithm.Direct) => false,
        (CollectiveOp.AllReduce, _) => true,
        (CollectiveOp.ReduceScatter or CollectiveOp.AllGather, _) => a is CollectiveAlgorithm.Ring or CollectiveAlgorithm.RecursiveHalvingDoubling,
        (CollectiveOp.Broadcast, _) => a == CollectiveAlgorithm.Ring,
        _ => false,
    };

    private static IEnumerable<CollectiveAlgorithm> NcclAlgorithms(CollectiveOp op, CollectiveAlgorithm? forced) =>
        forced is CollectiveAlgorithm f ? [f]
        : op switch
        {
            CollectiveOp.AllReduce => [CollectiveAlgorithm.Ring, CollectiveAlgorithm.DoubleBinaryTree],
            CollectiveOp.AllToAll or CollectiveOp.SendRecv => [CollectiveAlgorithm.Direct],
            _ => [CollectiveAlgorithm.Ring],
        };

    private static IEnumerable<NcclProtocol> Protocols(CollectiveRequest r, CollectiveAlgorithm a) =>
        r.Protocol is NcclProtocol p ? [p]
        : a == CollectiveAlgorithm.Direct ? [NcclProtocol.Simple]
        : [NcclProtocol.LL, NcclProtocol.LL128, NcclProtocol.Simple];

    /// <summary>
    /// The channels NCCL runs a collective of <paramref name="group"/> on: one CTA each, resident on an SM while the
    /// collective runs (0 for a group of one).
    /// </summary>
    public int Channels(ImmutableArray<DeviceId> group) =>
        group.IsDefaultOrEmpty || group.Length < 2 ? 0 : Profile(new CollectiveRequest(CollectiveOp.AllReduce, group, Bytes.FromMiB(1))).Channels;

    private GroupProfile Profile(CollectiveRequest request)
    {
        if (request.Group.IsDefaultOrEmpty)
        {
            throw new ArgumentException("group: at least one rank is required", nameof(request));
        }

        GroupKey key = new(request.Group, request.MaxChannels ?? 0);
        if (!_profiles.TryGetValue(key, out GroupProfile? g))
        {
            g = new GroupProfile(Cluster, request.Group, request.MaxChannels, _usage ??= new UsageAccumulator(Cluster.Graph));
            _profiles[key] = g;
        }

        return g;
    }

    /// <summary>Structural key of a group (the ranks' device ids in order) and its channel cap.</summary>
    private readonly struct GroupKey(ImmutableArray<DeviceId> group, int maxChannels) : IEquatable<GroupKey>
    {
        private readonly ImmutableArray<DeviceId> _group = group;
        private readonly int _maxChannels = maxChannels;
        private readonly int _hash = HashCode.Combine(Hash(group), maxChannels);

        public bool Equals(GroupKey other) => _hash == other._hash && _maxChannels == other._maxChannels && _group.AsSpan().SequenceEqual(other._group.AsSpan());

        public override bool Equals(object? obj) => obj is GroupKey k && Equals(k);

        public override int GetHashCode() => _hash;

        private static int Hash(ImmutableArray<DeviceId> g)
        {
            HashCode h = new();
            foreach (DeviceId d in g)
            {
                h.Add(d.Index);
            }

            return h.ToHashCode();
        }
    }
}
