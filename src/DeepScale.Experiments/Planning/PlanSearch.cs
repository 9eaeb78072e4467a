using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Analytical;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Pipeline;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Planning;

/// <summary>
/// The exhaustive search: every tensor × pipeline × data grid of every cluster (a unit of work), and on each grid
/// every micro-batch, interleaving, sharding, recompute and sequence-parallel setting. Each layout is checked for
/// divisibility, then for memory (<see cref="StagePeakMemory"/>), then timed analytically
/// (<see cref="SlicedAnalyticalEstimator"/>). Grids are independent, so they run in parallel on all cores; each
/// writes its own result slot and the slots are merged in grid order, so the outcome does not depend on the
/// scheduling.
/// </summary>
/// <remarks>
/// Pruning rules (all safe: a rule removes a layout only when the model says it does not fit, or when it predicts
/// exactly what a layout that is kept predicts; <c>PlanSearchSpace.Prune = false</c> turns them off and a test checks
/// that the ranking is the same):
/// <list type="number">
/// <item>Model states. Every part of a rank's peak is non-negative and the weights, gradients and optimizer states
/// do not depend on the micro-batch, the recompute policy, sequence parallelism or the schedule; each of them only
/// shrinks with a higher ZeRO stage. So if the model states of the most sharded option the grid allows, plus the
/// CUDA context, exceed the device (<see cref="StagePeakMemory.ModelStateBytes"/>), no layout of the grid fits.</item>
/// <item>Micro-batch. With everything else fixed, a rank's peak does not decrease when the micro-batch b grows:
/// the activations of one micro-batch, the logits, the recompute working set and the gathered sequence-parallel
/// buffer are proportional to b; the micro-batches in flight are min(k, m) for GPipe/1F1B (k = m or p − s) and
/// min(c, m·v)/v interleaved, with m = B/(b·d), so b times them — min(k·b, B/d) and min(c·b, v·B/d)/v — does
/// not decrease either; buckets, ZeRO-3 gathers and model states do not depend on b, and fragmentation is a fixed
/// fraction of the dynamic part. Hence once a micro-batch does not fit, no larger one does. A test checks the
/// premise against <c>MemoryAccountant</c>.</item>
/// <item>One replica. With data size 1 every ZeRO stage and the distributed optimizer shard over one rank: the
/// model divides by 1, the estimator skips every data-parallel term, so all predict the time and memory of the first
/// sharding option, which alone is kept.</item>
/// </list>
/// </remarks>
internal sealed class PlanSearch
{
    private readonly PlanRequest _request;
    private readonly Scenario _base;
    private readonly IReadOnlyList<PlanClusterOption> _options;
    private readonly PlanAccounts _accounts;
    private readonly PlanSearchSpace _space;
    private readonly int[] _microBatches;

    public PlanSearch(PlanRequest request, Scenario baseScenario, IReadOnlyList<PlanClusterOption> options)
    {
        _request = request;
        _base = baseScenario;
        _options = options;
        _space = request.Space;
        _accounts = new PlanAccounts(baseScenario.Model, baseScenario.Layout);
        _microBatches = [.. _space.MicroBatches.Order()];
    }

    /// <summary>Everything the search found: the feasible layouts in grid order, counts, and what ruled out the rest.</summary>
    public sealed record Outcome(List<PlanCandidate> Candidates, Counts Totals, int Grids, int Accountings, string TightestConstraint);

    /// <summary>Layout counts of one grid (or of all, merged), and the layout that came closest to fitting.</summary>
    public sealed class Counts
    {
        public long Layouts;
        public long Indivisible;
        public long OutOfMemory;
        public long Pruned;
        public long Evaluated;
        public long Uncosted;
        public string? Skipped;
        public string? UncostedReason;

        /// <summary>Lowest peak / capacity among the layouts that do not fit.</summary>
        public double ClosestRatio = double.PositiveInfinity;
        public double ClosestPeak;
        public double ClosestCapacity;
        public Closest? ClosestLayout;

        public void Add(Counts other)
        {
            Layouts += other.Layouts;
            Indivisible += other.Indivisible;
            OutOfMemory += other.OutOfMemory;
            Pruned += other.Pruned;
            Evaluated += other.Evaluated;
            Uncosted += other.Uncosted;
            UncostedReason ??= other.UncostedReason;
            if (other.ClosestRatio < ClosestRatio)
            {
                ClosestRatio = other.ClosestRatio;
                ClosestPeak = other.ClosestPeak;
                ClosestCapacity = other.ClosestCapacity;
                ClosestLayout = other.ClosestLayout;
            }
        }

        public void OutOfMemoryAt(double peak, double capacity, Closest layout)
        {
            if (peak / capacity < ClosestRatio)
            {
                ClosestRatio = peak / capacity;
                ClosestPeak = peak;
                ClosestCapacity = capacity;
                ClosestLayout = layout;
            }
        }
    }

    /// <summary>A layout that does not fit, kept to name the closest one in a message.</summary>
    public sealed record Closest(int Option, int Tensor, int Context, int Pipeline, int Data, int MicroBatch, int VirtualStages, int Zero,
        bool DistributedOptimizer, RecomputeMode Recompute, bool SequenceParallel, bool ModelStatesOnly);

    public Outcome Run()
    {
        List<Grid> grids = Grids();
        var results = new (List<PlanCandidate> Candidates, Counts Counts)[grids.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _request.MaxDegreeOfParallelism) };
        try
        {
            Parallel.For(0, grids.Count, parallel, i => results[i] = Evaluate(grids[i]));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }

        var candidates = new List<PlanCandidate>();
        var totals = new Counts();
        var skipped = new List<string>();
        foreach ((List<PlanCandidate> c, Counts counts) in results)
        {
            candidates.AddRange(c);
            totals.Add(counts);
            if (counts.Skipped is { } s && !skipped.Contains(s))
            {
                skipped.Add(s);
            }
        }

        return new Outcome(candidates, totals, grids.Count, _accounts.Accountings, candidates.Count > 0 ? "" : Tightest(grids, totals, skipped));
    }

    /// <summary>Offloaded checkpoints exist only under full recomputation: the spec's switch applies where a plan recomputes fully.</summary>
    internal static bool OffloadsActivations(TrainingLayout baseLayout, RecomputeMode recompute) =>
        baseLayout.OffloadActivations && recompute == RecomputeMode.Full;

    /// <summary>The layout of one point of the search, derived from the spec's so that every fixed setting is the loader's.</summary>
    public static TrainingLayout LayoutOf(TrainingLayout baseLayout, int tensor, int context, int pipeline, int data, int microBatch, int virtualStages,
        int zero, bool distributedOptimizer, RecomputeMode recompute, bool sequenceParallel) => baseLayout with
        {
            Tensor = tensor,
            Context = context,
            Pipeline = pipeline,
            Data = data,
            MicroBatch = microBatch,
            VirtualStages = virtualStages,

            // The search splits the layers equally (it only proposes pipelines that divide them).
            StageLayers = [],
            Schedule = virtualStages > 1 ? PipelineScheduleKind.Interleaved1F1B : PipelineScheduleKind.OneFOneB,
            ZeroStage = zero,
            DistributedOptimizer = distributedOptimizer,
            Recompute = recompute,
            OffloadActivations = OffloadsActivations(baseLayout, recompute),
            SequenceParallel = sequenceParallel && tensor > 1,
            Overlap = baseLayout.Overlap with { ParamGather = baseLayout.Overlap.ParamGather && (zero >= 1 || distributedOptimizer) },
        };

    private List<Grid> Grids()
    {
        var grids = new List<Grid>();
        var transformer = _base.Model as TransformerModel;
        int[] contexts = [.. (_space.Context.IsDefaultOrEmpty ? [_base.Layout.Context] : _space.Context)
            .Where(c => c == 1 || (transformer is not null && transformer.SeqLen % (2L * c) == 0 && _base.Layout.Attention.IsFused()))];
        ContextCommunication[] forms = [.. _space.ContextCommunications.IsDefaultOrEmpty ? [_base.Layout.ContextCommunication] : _space.ContextCommunications];
        foreach (PlanClusterOption option in _options)
        {
            foreach (int c in contexts.Where(c => option.Gpus % c == 0))
            {
                int n = option.Gpus / c;
                foreach (int t in Divisors(n))
                {
                    bool tensorOk = transformer is null
                        ? t == 1
                        : transformer.Heads % t == 0 && transformer.KvHeads % t == 0 && transformer.FfnHidden % t == 0
                            && (_space.TensorAcrossNodes || option.Cluster.GpusPerNode % t == 0);
                    if (!tensorOk)
                    {
                        continue;
                    }

                    foreach (ContextCommunication form in c == 1 ? [_base.Layout.ContextCommunication] : forms)
                    {
                        // The all-to-all form gives each context rank 1 / c of the rank's heads.
                        if (c > 1 && form == ContextCommunication.AllToAll && (transformer!.Heads / t % c != 0 || transformer.KvHeads / t % c != 0))
                        {
                            continue;
                        }

                        foreach (int p in Divisors(n / t))
                        {
                            // Stages the layers do not divide split them as nearly equally as they can (PipelineSplit).
                            if (transformer is null ? p == 1 : transformer.Layers >= p)
                            {
                                grids.Add(new Grid(option.Index, t, c, p, n / (t * p), form));
                            }
                        }
                    }
                }
            }
        }

        return grids;
    }

    private (List<PlanCandidate>, Counts) Evaluate(Grid g)
    {
        var found = new List<PlanCandidate>();
        var counts = new Counts();
        PlanClusterOption option = _options[g.Option];
        TrainingLayout baseLayout = _base.Layout with { Precision = option.Precision, ContextCommunication = g.Comm };
        int globalBatch = _base.Layout.GlobalBatch;
        double capacity = option.Capacity.Count;
        var transformer = _base.Model as TransformerModel;
        bool[] sequenceParallel = [.. _space.SequenceParallel.Where(sp => !sp || (g.Tensor > 1 && transformer is not null && transformer.SeqLen / g.Context % g.Tensor == 0))];
        RecomputeMode[] recompute = [.. _space.Recompute.Where(r => r != RecomputeMode.Selective || transformer is not null)];
        int[] virtualStages = [.. _space.VirtualStages.Where(v => v == 1 || (g.Pipeline >= 2 && transformer is not null && transformer.Layers % ((long)g.Pipeline * v) == 0))];
        List<(int Zero, bool DistributedOptimizer)> shardings = Shardings(g);
        long perGrid = (long)sequenceParallel.Length * recompute.Length * virtualStages.Length * shardings.Count * _microBatches.Length;
        counts.Layouts = perGrid;
        if (perGrid == 0)
        {
            return (found, counts);
        }

        int? firstMicroBatch = _microBatches.Cast<int?>().FirstOrDefault(b => globalBatch % (b!.Value * g.Data) == 0);
        if (firstMicroBatch is not int b0)
        {
            counts.Indivisible = perGrid;
            return (found, counts);
        }

        if (_space.Prune)
        {
            // Rule 1: the model states of the least memory-hungry sharding bound every layout of the grid from below.
            StagePeakMemory memory = _accounts.Memory(new PlanAccounts.AccountKey(g.Tensor, g.Context, b0, false, recompute[0], option.Precision, g.Comm));
            (double state, (int Zero, bool DistributedOptimizer) least) = shardings
                .Select(s => (memory.ModelStateBytes(LayoutOf(baseLayout, g.Tensor, g.Context, g.Pipeline, g.Data, b0, 1, s.Zero, s.DistributedOptimizer, recompute[0], false)), s))
                .MinBy(x => x.Item1);
            if (state > capacity)
            {
                counts.Pruned = perGrid;
                counts.OutOfMemoryAt(state, capacity, new Closest(g.Option, g.Tensor, g.Context, g.Pipeline, g.Data, b0, 1, least.Zero, least.DistributedOptimizer, recompute[0], false, true));
                return (found, counts);
            }
        }

        MemoizedCommunicationCost? comm = null;
        foreach (bool sp in sequenceParallel)
        {
            foreach (RecomputeMode rc in recompute)
            {
                foreach (int v in virtualStages)
                {
                    for (int k = 0; k < shardings.Count; k++)
                    {
                        (int zero, bool distributed) = shardings[k];

                        // Rule 3: with one replica (and no context ranks) every sharding option predicts what the first one does.
                        bool tooLarge = _space.Prune && g.Data * g.Context == 1 && k > 0;
                        foreach (int b in _microBatches)
                        {
                            if (globalBatch % (b * g.Data) != 0 || (v > 1 && globalBatch / (b * g.Data) % g.Pipeline != 0))
                            {
                                counts.Indivisible++;
                                continue;
                            }

                            if (tooLarge)
                            {
                                counts.Pruned++;
                                continue;
                            }

                            TrainingLayout layout = LayoutOf(baseLayout, g.Tensor, g.Context, g.Pipeline, g.Data, b, v, zero, distributed, rc, sp);
                            var key = new PlanAccounts.AccountKey(g.Tensor, g.Context, b, layout.SequenceParallel, rc, option.Precision, g.Comm);
                            double peak = _accounts.Memory(key).PeakBytes(layout);
                            if (peak > capacity)
                            {
                                counts.OutOfMemory++;
                                counts.OutOfMemoryAt(peak, capacity, new Closest(g.Option, g.Tensor, g.Context, g.Pipeline, g.Data, b, v, zero, distributed, rc, sp, false));
                                tooLarge = _space.Prune;
                                continue;
                            }

                            if (comm is null)
                            {
                                try
                                {
                                    comm = new MemoizedCommunicationCost(new ClusterCommunicationCost(option.Collectives,
                                        new RankGrid(g.Tensor, g.Pipeline, g.Data, _base.Layout.Placement, g.Context), option.Topology.Accelerators));
                                }
                                catch (TopologyException ex)
                                {
                                    counts.Skipped = $"{option.Describe()}: {ex.Message}";
                                    return ([], counts);
                                }
                            }

                            double seconds;
                            try
                            {
                                seconds = SlicedAnalyticalEstimator.IterationSeconds(_accounts.Costs(key, option.Cost), layout, option.Cost, comm);
                            }
                            catch (ArgumentException ex) when (ex.TargetSite?.DeclaringType?.Namespace == typeof(CollectiveOp).Namespace)
                            {
                                // The collective model has no cost for one of the layout's groups (e.g. a tree over
                                // nodes holding different numbers of its ranks): the layout cannot be evaluated.
                                counts.Uncosted++;
                                counts.UncostedReason ??= $"{Label(option, new Closest(g.Option, g.Tensor, g.Context, g.Pipeline, g.Data, b, v, zero, distributed, rc, sp, false))}: {ex.Message}";
                                continue;
                            }

                            if (DataLoadingModel.Of(_base, layout, option.Cluster.GpusPerNode) is { } data)
                            {
                                // The input pipeline bounds the iteration from below, as in the analytical run.
                                seconds = Math.Max(seconds, DataLoadingModel.Seconds(data, layout, option.Topology));
                            }

                            counts.Evaluated++;
                            found.Add(new PlanCandidate(g.Option, g.Tensor, g.Context, g.Pipeline, g.Data, b, v, zero, distributed, rc, layout.SequenceParallel, seconds, peak, g.Comm));
                        }
                    }
                }
            }
        }

        return (found, counts);
    }

    /// <summary>The sharding options of a grid: ZeRO stages (only 0 and 1 with a pipeline, as the loader requires), then the distributed optimizer.</summary>
    private List<(int Zero, bool DistributedOptimizer)> Shardings(Grid g)
    {
        var list = new List<(int, bool)>();
        foreach (int z in _space.ZeroStages)
        {
            if (g.Pipeline == 1 || z <= 1)
            {
                list.Add((z, false));
            }
        }

        if (_space.DistributedOptimizer)
        {
            list.Add((0, true));
        }

        return list;
    }

    private string Tightest(List<Grid> grids, Counts totals, List<string> skipped)
    {
        if (_options.Count == 0)
        {
            return skipped.Count > 0 ? $"no cluster can be built: {skipped[0]}" : "no cluster to search";
        }

        string gpus = string.Join(", ", _options.Select(o => o.Gpus).Distinct().Order().Take(8)) + (_options.Select(o => o.Gpus).Distinct().Count() > 8 ? ", …" : "");
        if (grids.Count == 0)
        {
            string tensor = _base.Model is TransformerModel m
                ? $"tensor dividing heads {m.Heads}, kv_heads {m.KvHeads} and ffn_hidden {m.FfnHidden}{(_space.TensorAcrossNodes ? "" : " within a node")}, pipeline dividing layers {m.Layers}"
                : "tensor 1 and pipeline 1 (the model is not a transformer)";
            return $"divisibility: no tensor × pipeline × data grid of {gpus} GPUs has {tensor}";
        }

        if (totals.Indivisible == totals.Layouts)
        {
            return $"divisibility: training.global_batch {_base.Layout.GlobalBatch} is not divisible by micro_batch·data for any micro-batch in [{string.Join(", ", _microBatches)}] on {gpus} GPUs";
        }

        if (totals.ClosestLayout is { } c)
        {
            string what = Label(_options[c.Option], c) + (c.ModelStatesOnly ? " (its model states alone)" : "");
            return string.Create(CultureInfo.InvariantCulture,
                $"memory: no layout fits in {new Bytes(totals.ClosestCapacity)} per GPU; the closest, {what} on {_options[c.Option].Describe()}, needs {new Bytes(totals.ClosestPeak)}");
        }

        return skipped.Count > 0 ? $"no cluster can be built: {skipped[0]}" : "no feasible layout";
    }

    private static string Label(PlanClusterOption option, Closest c) =>
        new PlanSettings
        {
            Nodes = option.Cluster.Nodes,
            GpusPerNode = option.Cluster.GpusPerNode,
            System = option.Cluster.SystemId,
            Accelerator = option.Cluster.Accelerator.Id,
            Tensor = c.Tensor,
            Context = c.Context,
            Pipeline = c.Pipeline,
            Data = c.Data,
            MicroBatch = c.MicroBatch,
            Microbatches = 0,
            VirtualStages = c.VirtualStages,
            ZeroStage = c.Zero,
            DistributedOptimizer = c.DistributedOptimizer,
            Recompute = c.Recompute,
            SequenceParallel = c.SequenceParallel && c.Tensor > 1,
        }.Label;

    private static IEnumerable<int> Divisors(int n)
    {
        for (int i = 1; i <= n; i++)
        {
            if (n % i == 0)
            {
                yield return i;
            }
        }
    }

    /// <summary>One tensor × pipeline × data grid of one cluster option: the unit of parallel work.</summary>
    private readonly record struct Grid(int Option, int Tensor, int Context, int Pipeline, int Data, ContextCommunication Comm);
}
