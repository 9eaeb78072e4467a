using System.Collections.Concurrent;
using System.Collections.Immutable;

using DeepScale.Core;
using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;
using DeepScale.Parallelism.Strategies;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Models;

namespace DeepScale.Parallelism.Analytical;

/// <summary>
/// The per-layer inputs of the analytical estimate for one accounting of a model (one micro-batch size, tensor size,
/// sequence-parallel setting, recompute policy, attention, precision): each layer's forward, backward and recompute
/// time, its parameters, and how many tensor-parallel collectives of each operation and size its operators issue in
/// each phase. Built once, it lets <see cref="SlicedAnalyticalEstimator"/> estimate every pipeline, data-parallel
/// and sharding layout over the same accounting without walking the operators again. Immutable apart from a cache
/// of pipeline slicings, and safe to share between threads.
/// </summary>
public sealed class LayerCostTable
{
    private readonly ConcurrentDictionary<(int Slices, string Given), SliceSums[]> _slicings = new();

    private LayerCostTable(ModelDescription model, ModelAccount account, bool userbuffers, int layerCount, int keys)
    {
        Model = model;
        Account = account;
        Userbuffers = userbuffers;
        Kinds = new LayerKind[layerCount];
        Forward = new double[layerCount];
        Backward = new double[layerCount];
        Recompute = new double[layerCount];
        BackwardAndRecompute = new double[layerCount];
        Parameters = new long[layerCount];
        Tensors = new long[layerCount][];
        Tied = new long[layerCount];
        ExchangeOps = new CollectiveOp[keys];
        ExchangePayloads = new Bytes[keys];
        ExchangeRoles = new GroupRole[keys];
        ForwardExchanges = new int[layerCount * keys];
        BackwardExchanges = new int[layerCount * keys];
        RecomputedExchanges = new int[layerCount * keys];
        ForwardOverlapped = new int[layerCount * keys];
        BackwardOverlapped = new int[layerCount * keys];
        RecomputedOverlapped = new int[layerCount * keys];
        Units = new OverlapUnit[layerCount][];
    }

    public ModelDescription Model { get; }

    public ModelAccount Account { get; }

    /// <summary>Whether the overlapped steps are Transformer Engine's userbuffers ones (<see cref="OverlapOptions.Userbuffers"/>).</summary>
    public bool Userbuffers { get; }

    /// <summary>The accounting options the table was built for.</summary>
    public AccountingOptions Options => Account.Options;

    /// <summary>Number of layers (embedding, blocks, head).</summary>
    public int Layers => Kinds.Length;

    /// <summary>Distinct model-parallel collectives (operation, payload and group) the operators issue.</summary>
    public int ExchangeKinds => ExchangeOps.Length;

    /// <summary>Parameters of all layers that use weights owned by another layer (the tied LM head).</summary>
    public long TiedTotal { get; private set; }

    internal LayerKind[] Kinds { get; }

    /// <summary>Per layer: Σ operator forward seconds, in operator order.</summary>
    internal double[] Forward { get; }

    internal double[] Backward { get; }

    internal double[] Recompute { get; }

    /// <summary>Per layer: Σ operator (backward + recompute) seconds, in operator order (the ZeRO-3 overlap window).</summary>
    internal double[] BackwardAndRecompute { get; }

    internal long[] Parameters { get; }

    /// <summary>Element counts of each layer's parameter tensors (for per-tensor ZeRO-3 collectives).</summary>
    internal long[][] Tensors { get; }

    internal long[] Tied { get; }

    internal CollectiveOp[] ExchangeOps { get; }

    internal Bytes[] ExchangePayloads { get; }

    /// <summary>[key]: the group each exchange runs on (tensor or context ranks).</summary>
    internal GroupRole[] ExchangeRoles { get; }

    /// <summary>[layer · kinds + k]: forward-phase collectives of kind k.</summary>
    internal int[] ForwardExchanges { get; }

    /// <summary>[layer · kinds + k]: backward-phase collectives of kind k.</summary>
    internal int[] BackwardExchanges { get; }

    /// <summary>[layer · kinds + k]: forward-phase collectives of kind k issued by recomputed operators (run again under full recompute).</summary>
    internal int[] RecomputedExchanges { get; }

    /// <summary>[layer · kinds + k]: of <see cref="ForwardExchanges"/>, those <c>overlap.tp_comm</c> runs beside a GEMM.</summary>
    internal int[] ForwardOverlapped { get; }

    /// <summary>[layer · kinds + k]: of <see cref="BackwardExchanges"/>, those <c>overlap.tp_comm</c> runs beside a GEMM.</summary>
    internal int[] BackwardOverlapped { get; }

    /// <summary>[layer · kinds + k]: of <see cref="RecomputedExchanges"/>, those <c>overlap.tp_comm</c> runs beside a GEMM.</summary>
    internal int[] RecomputedOverlapped { get; }

    /// <summary>Per layer: the steps with a collective that run beside compute (<see cref="TensorCommOverlap"/>): <c>overlap.tp_comm</c>'s and a context ring's.</summary>
    internal OverlapUnit[][] Units { get; }

    /// <summary>Whether some step is a context ring's shift, which runs beside compute whatever <c>overlap.tp_comm</c> says.</summary>
    internal bool HasRing { get; private set; }

    /// <summary>The table of an accounting and its timing (<paramref name="timing"/> must time <paramref name="account"/>);
    /// <paramref name="userbuffers"/> selects the overlapped steps of <c>overlap.tp_comm</c> (<see cref="OverlapOptions.Userbuffers"/>).</summary>
    public static LayerCostTable Build(ModelDescription model, ModelAccount account, ModelTiming timing, bool userbuffers)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(timing);
        if (!ReferenceEquals(timing.Account, account))
        {
            throw new ArgumentException("the timing must be of the same accounting", nameof(timing));
        }

        var byOperator = new Dictionary<Operator, OperatorTiming>(ReferenceEqualityComparer.Instance);
        foreach (OperatorTiming t in timing.Operators)
        {
            byOperator[t.Operator] = t;
        }

        // Distinct exchanges in first-seen order, so the table is the same however often it is built; then the
        // collectives of the steps overlap.tp_comm runs beside GEMMs (chunks of an exchange when pipelined).
        var keys = new List<(CollectiveOp Op, double Payload, GroupRole Role)>();
        var index = new Dictionary<(CollectiveOp, double, GroupRole), int>();
        int KeyOf(CollectiveOp op, Bytes payload, GroupRole role)
        {
            (CollectiveOp, double, GroupRole) key = (op, payload.Count, role);
            if (!index.TryGetValue(key, out int i))
            {
                i = index[key] = keys.Count;
                keys.Add(key);
            }

            return i;
        }

        foreach (Operator op in account.Operators)
        {
            foreach (ModelParallelExchange ex in op.Exchanges)
            {
                if (ex.Ring == 0)
                {
                    KeyOf(ex.Kind.ToCollective(), ex.Payload, ex.Group.Role());
                }
            }
        }

        int tensor = account.Options.TensorParallel;
        var units = new List<OverlapUnit>[account.Layers.Length];
        for (int l = 0; l < account.Layers.Length; l++)
        {
            units[l] = [];
            foreach (Operator op in account.Layers[l].Operators)
            {
                foreach (ExecutionPhase phase in (ReadOnlySpan<ExecutionPhase>)[ExecutionPhase.Forward, ExecutionPhase.Backward])
                {
                    foreach (OverlapStep step in TensorCommOverlap.Steps(op, phase, userbuffers, tensor > 1))
                    {
                        if (step.Exchange is { } ex)
                        {
                            units[l].Add(new OverlapUnit(step.Shape, KeyOf(TensorCommOverlap.CollectiveOf(step), TensorCommOverlap.Payload(step, tensor), ex.Group.Role()),
                                TensorCommOverlap.ComputeSeconds(step, byOperator[op]), phase, op.Recomputed, 1)
                            { Ring = ex.Ring });
                        }
                    }
                }
            }
        }

        int k = keys.Count;
        var table = new LayerCostTable(model, account, userbuffers, account.Layers.Length, k);
        for (int i = 0; i < k; i++)
        {
            table.ExchangeOps[i] = keys[i].Op;
            table.ExchangePayloads[i] = new Bytes(keys[i].Payload);
            table.ExchangeRoles[i] = keys[i].Role;
        }

        long tiedTotal = 0;
        for (int l = 0; l < account.Layers.Length; l++)
        {
            LayerAccount layer = account.Layers[l];
            table.Kinds[l] = layer.Kind;
            double f = 0, b = 0, r = 0, br = 0;
            foreach (Operator op in layer.Operators)
            {
                OperatorTiming t = byOperator[op];
                f += t.Forward.Seconds;
                b += t.Backward.Seconds;
                r += t.Recompute.Seconds;
                br += t.Backward.Seconds + t.Recompute.Seconds;
                bool forwardOverlapped = tensor > 1 && TensorCommOverlap.Steps(op, ExecutionPhase.Forward, userbuffers, true).Length > 0;
                bool backwardOverlapped = tensor > 1 && TensorCommOverlap.Steps(op, ExecutionPhase.Backward, userbuffers, true).Length > 0;
                foreach (ModelParallelExchange ex in op.Exchanges)
                {
                    if (ex.Ring > 0)
                    {
                        // A ring exchange never blocks: its shifts are overlap units, whatever overlap.tp_comm says.
                        continue;
                    }

                    int slot = (l * k) + index[(ex.Kind.ToCollective(), ex.Payload.Count, ex.Group.Role())];
                    bool tensorGroup = ex.Group == ExchangeGroup.Tensor;
                    if (ex.Phase == ExecutionPhase.Forward)
                    {
                        table.ForwardExchanges[slot]++;
                        table.ForwardOverlapped[slot] += forwardOverlapped && tensorGroup ? 1 : 0;
                        if (op.Recomputed)
                        {
                            table.RecomputedExchanges[slot]++;
                            table.RecomputedOverlapped[slot] += forwardOverlapped && tensorGroup ? 1 : 0;
                        }
                    }
                    else
                    {
                        table.BackwardExchanges[slot]++;
                        table.BackwardOverlapped[slot] += backwardOverlapped && tensorGroup ? 1 : 0;
                    }
                }
            }

            table.Forward[l] = f;
            table.Backward[l] = b;
            table.Recompute[l] = r;
            table.BackwardAndRecompute[l] = br;
            table.Parameters[l] = layer.Parameters;
            table.Tensors[l] = [.. ShardedParameters.Pieces(layer.Operators, ZeroGranularity.Tensor)];
            table.Tied[l] = layer.TiedParameters;
            table.Units[l] = [.. units[l]];
            tiedTotal += layer.TiedParameters;
        }

        table.TiedTotal = tiedTotal;
        table.HasRing = units.Any(l => l.Any(u => u.Ring > 0));
        return table;
    }

    /// <summary>
    /// The sums of each of the layout's p·v pipeline slices, split as <see cref="PipelineSplit"/> splits (runs of
    /// transformer blocks, equal unless the layout gives them; the embedding joins the first slice, the other layers
    /// the last).
    /// </summary>
    internal SliceSums[] Slices(int slices, int virtualStages, ImmutableArray<int> given) =>
        _slicings.TryGetValue((slices, Key(given)), out SliceSums[]? sums) ? sums : _slicings.GetOrAdd((slices, Key(given)), BuildSlices(slices, virtualStages, given));

    private static string Key(ImmutableArray<int> given) => given.IsDefaultOrEmpty ? "" : string.Join(",", given);

    private SliceSums[] BuildSlices(int slices, int virtualStages, ImmutableArray<int> given)
    {
        int layers = Layers, k = ExchangeKinds;
        IReadOnlyList<IReadOnlyList<int>> members = slices == 1 && given.IsDefaultOrEmpty
            ? [[.. Enumerable.Range(0, layers)]]
            : PipelineSplit.Slice([.. Enumerable.Range(0, layers)], l => Kinds[l], PipelineSplit.LayersPerSlice(Model, slices, virtualStages, given));

        var result = new SliceSums[slices];
        var units = new Dictionary<OverlapUnit, int>();
        for (int s = 0; s < slices; s++)
        {
            var sums = new SliceSums(k) { Members = [.. members[s]] };
            foreach (int l in members[s])
            {
                sums.Forward += Forward[l];
                sums.Backward += Backward[l];
                sums.Recompute += Recompute[l];
                sums.Parameters += Parameters[l];
                sums.Tied += Tied[l];
                sums.HasEmbedding |= Kinds[l] == LayerKind.Embedding;
                for (int x = 0; x < k; x++)
                {
                    sums.ForwardExchanges[x] += ForwardExchanges[(l * k) + x];
                    sums.BackwardExchanges[x] += BackwardExchanges[(l * k) + x];
                    sums.RecomputedExchanges[x] += RecomputedExchanges[(l * k) + x];
                    sums.ForwardOverlapped[x] += ForwardOverlapped[(l * k) + x];
                    sums.BackwardOverlapped[x] += BackwardOverlapped[(l * k) + x];
                    sums.RecomputedOverlapped[x] += RecomputedOverlapped[(l * k) + x];
                }

                foreach (OverlapUnit unit in Units[l])
                {
                    OverlapUnit key = unit with { Count = 1 };
                    units[key] = units.GetValueOrDefault(key) + 1;
                }
            }

            sums.Units = [.. units.Select(u => u.Key with { Count = u.Value })];
            units.Clear();
            result[s] = sums;
        }

        return result;
    }

    /// <summary>The sums over one pipeline slice's layers.</summary>
    internal sealed class SliceSums(int kinds)
    {
        public double Forward;
        public double Backward;
        public double Recompute;
        public long Parameters;
        public long Tied;
        public bool HasEmbedding;
        public int[] Members = [];
        public readonly int[] ForwardExchanges = new int[kinds];
        public readonly int[] BackwardExchanges = new int[kinds];
        public readonly int[] RecomputedExchanges = new int[kinds];
        public readonly int[] ForwardOverlapped = new int[kinds];
        public readonly int[] BackwardOverlapped = new int[kinds];
        public readonly int[] RecomputedOverlapped = new int[kinds];

        /// <summary>The slice's overlapped steps, one per distinct step with its count (layers repeat them).</summary>
        public OverlapUnit[] Units = [];
    }

    /// <summary>A step with a collective run beside compute: its shape, collective key, full-speed compute, phase, whether its operator is recomputed, and how often it occurs.</summary>
    internal readonly record struct OverlapUnit(OverlapShape Shape, int Key, double Compute, ExecutionPhase Phase, bool Recomputed, int Count)
    {
        /// <summary>0 for a tensor-parallel step (which runs only under <c>overlap.tp_comm</c>); a ring exchange's group size otherwise (always runs).</summary>
        public int Ring { get; init; }
    }
}
