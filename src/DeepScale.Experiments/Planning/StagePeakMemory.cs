using System.Collections.Immutable;

using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Pipeline;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Memory;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Planning;

/// <summary>
/// The peak memory of a rank under a layout, as the replay's memory ledger reaches it, computed from one
/// accounting's per-layer sums: the static part of <see cref="MemoryAccountant"/> (model states, temporaries and
/// runtime overhead; Rajbhandari et al. 2020 for model states, Korthikanti et al. 2022 for activations) with its
/// formulas and order of additions, plus the activations the stage's compute order holds at its highest
/// (<see cref="HeldActivationBytes"/>), so that the planner can check millions of layouts against the device capacity
/// without accounting the model again for each and keeps no layout whose replay overflows. Built once per accounting
/// (micro-batch, tensor size, sequence parallelism, recompute policy); immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// <para>Only the first and the last pipeline stage are evaluated, because no other stage can have a higher peak.
/// Proof: stages 1 … p − 2 hold the same number of transformer blocks and nothing else, so their weights, gradients,
/// optimizer states, chunk activations and temporaries are equal; their warm-up does not grow with the stage index
/// under any schedule (GPipe m; 1F1B min(p − s − 1, m); interleaved min(2(p − s − 1) + (v − 1)p, m·v)), and every
/// level of held activations grows with the warm-up, so their peaks do not grow with s. Stage 0 holds the same
/// blocks plus the embedding — every part (parameters, each chunk's saved activations and recompute working set, the
/// gather buffer, and the fragmentation proportional to them) is at least that of stage 1 — and at least as long a
/// warm-up. Hence peak(0) ≥ peak(s) for 1 ≤ s ≤ p − 2, and the maximum over all stages is max(peak(0), peak(p − 1)).</para>
/// <para>The bound is the replay's peak exactly when a backward pass frees its activations on the compute stream.
/// With ZeRO-3 over several replicas and gradient-accumulation fusion the pass ends with its first layer's
/// reduce-scatter, on the data stream, and the replay frees the activations only when that ends; a later pass may
/// allocate before, so the replay can then exceed this value. A test compares it with symmetric replays of random
/// layouts.</para>
/// </remarks>
public sealed class StagePeakMemory
{
    private readonly FrameworkMemoryOverhead _overhead;
    private readonly LayerKind[] _kinds;
    private readonly long[] _parameters;
    private readonly long[] _largestTensor;
    private readonly long[] _tied;
    private readonly double[] _saved;
    private readonly double[] _workingSet;
    private readonly double[] _gather;
    private readonly double[][] _logits;
    private readonly int[] _embedding;
    private readonly int[] _blocks;
    private readonly int[] _head;
    private readonly bool _contiguous;
    private readonly (double Weights, double Gradients, double Optimizer)[] _bytesPerParameter;

    private StagePeakMemory(ModelAccount account, FrameworkMemoryOverhead overhead)
    {
        Account = account;
        _overhead = overhead;
        int n = account.Layers.Length;
        _kinds = new LayerKind[n];
        _parameters = new long[n];
        _largestTensor = new long[n];
        _tied = new long[n];
        _saved = new double[n];
        _workingSet = new double[n];
        _gather = new double[n];
        _logits = new double[n][];
        for (int i = 0; i < n; i++)
        {
            LayerAccount layer = account.Layers[i];
            _kinds[i] = layer.Kind;
            _parameters[i] = layer.Parameters;
            _largestTensor[i] = layer.Operators.Select(o => o.Parameters).DefaultIfEmpty(0).Max();
            _tied[i] = layer.TiedParameters;
            _saved[i] = layer.SavedActivations.Count;
            _workingSet[i] = layer.RecomputeWorkingSet.Count;
            _gather[i] = layer.Operators.SelectMany(o => o.Exchanges).Select(x => x.Transient.Count).DefaultIfEmpty(0).Max();
            _logits[i] = [.. layer.Operators.Where(o => o.Kind == OperatorKind.Loss).Select(MemoryAccountant.LogitsTemporaryBytes)];
        }

        _embedding = [.. Enumerable.Range(0, n).Where(i => _kinds[i] == LayerKind.Embedding)];
        _blocks = [.. Enumerable.Range(0, n).Where(i => _kinds[i] == LayerKind.Transformer)];
        _head = [.. Enumerable.Range(0, n).Where(i => _kinds[i] == LayerKind.Head)];
        int e = _embedding.Length, b = _blocks.Length;
        _contiguous = e + b + _head.Length == n && _embedding.SequenceEqual(Enumerable.Range(0, e))
            && _blocks.SequenceEqual(Enumerable.Range(e, b)) && _head.SequenceEqual(Enumerable.Range(e + b, n - e - b));
        _bytesPerParameter = [.. Enum.GetValues<OptimizerKind>().Order().Select(o =>
            MemoryAccountant.BytesPerParameter(new MemoryStrategy { Precision = account.Options.Precision, Optimizer = o }))];
    }

    /// <summary>The accounting the sums come from.</summary>
    public ModelAccount Account { get; }

    /// <summary>The table of an accounting, with the runtime overhead of <see cref="MemoryAccountant"/> (its default when null).</summary>
    public static StagePeakMemory Build(ModelAccount account, FrameworkMemoryOverhead? overhead = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new StagePeakMemory(account, overhead ?? FrameworkMemoryOverhead.Default);
    }

    /// <summary>The highest peak over the layout's pipeline stages, in bytes.</summary>
    public double PeakBytes(TrainingLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        double first = StagePeakBytes(layout, 0);
        if (layout.Pipeline == 1)
        {
            return first;
        }

        // Equal stages peak at the ends: the first holds the most micro-batches in flight and the embedding, the
        // last the head and its logits. A middle stage with more layers than the ends may peak higher.
        double peak = Math.Max(first, StagePeakBytes(layout, layout.Pipeline - 1));
        if (!IsEqual(layout, layout.Pipeline * layout.VirtualStages))
        {
            for (int s = 1; s < layout.Pipeline - 1; s++)
            {
                peak = Math.Max(peak, StagePeakBytes(layout, s));
            }
        }

        return peak;
    }

    /// <summary>
    /// A lower bound of <see cref="PeakBytes"/> that does not depend on the micro-batch, the recompute policy or the
    /// schedule: the larger model states (weights, gradients, optimizer states) of the first and the last stage, plus
    /// the CUDA context. Every other part of that stage's peak is non-negative.
    /// </summary>
    public double ModelStateBytes(TrainingLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        (int lo, int hi) = Range(layout, 0);
        double first = ModelState(layout, lo, hi) + _overhead.CudaContext.Count;
        if (layout.Pipeline == 1)
        {
            return first;
        }

        (lo, hi) = Range(layout, layout.Pipeline - 1);
        return Math.Max(first, ModelState(layout, lo, hi) + _overhead.CudaContext.Count);
    }

    /// <summary>
    /// The peak of one stage's ranks, in bytes, as the replay's memory ledger reaches it: the static part the
    /// schedule gives the stage (<see cref="MemoryBreakdown.Peak"/> of <see cref="MemoryAccountant.Account"/> minus its
    /// activations and its recompute working set) plus the highest level of the activations and working set the
    /// stage's compute order holds (<see cref="HeldActivationBytes"/>).
    /// </summary>
    public double StagePeakBytes(TrainingLayout layout, int stage)
    {
        ArgumentNullException.ThrowIfNull(layout);
        (int lo, int hi) = Range(layout, stage);
        double state = ModelState(layout, lo, hi);
        double perMicrobatch = 0, logits = 0, recompute = 0, gather = 0, largest = 0, largestTensor = 0, stageParameters = 0;
        for (int i = lo; i < hi; i++)
        {
            perMicrobatch += _saved[i];
            foreach (double l in _logits[i])
            {
                logits += l;
            }

            recompute = Math.Max(recompute, _workingSet[i]);
            gather = Math.Max(gather, _gather[i]);
            largest = Math.Max(largest, _parameters[i]);
            largestTensor = Math.Max(largestTensor, _largestTensor[i]);
            stageParameters += _parameters[i];
        }

        // The accountant's activations (the schedule's micro-batches in flight times one micro-batch's) size the
        // allocator's fragmentation, which the ledger holds as part of the static memory.
        double activations = perMicrobatch * InFlight(layout, stage);
        double d = layout.Data;
        double weightBytes = BytesPerParameter(layout).Weights;
        double buckets = d > 1 ? 2 * _overhead.GradientBucket.Count : 0;
        double zero3 = layout.ZeroStage >= 3 && d > 1
            ? MemoryAccountant.Zero3GatheredParameters(largest, largestTensor, stageParameters, layout.ZeroGranularity == ZeroGranularity.Tensor) * weightBytes
            : 0;
        double temporaries = 0 + logits + recompute + gather + buckets + zero3;
        double dynamic = activations + temporaries;
        double fragmentation = dynamic * _overhead.FragmentationFraction / (1 - _overhead.FragmentationFraction);
        double framework = 0 + _overhead.CudaContext.Count + fragmentation;
        // The recompute working set is allocated by the backward passes (in HeldActivationBytes), not held throughout.
        return state + (temporaries - recompute) + framework + HeldActivationBytes(layout, stage);
    }

    /// <summary>
    /// The highest level of activation memory a stage holds while it runs its compute order, in bytes: each forward
    /// pass of a chunk allocates the activations its slice saves, each backward pass allocates its slice's largest
    /// recompute working set when it starts and frees both when it ends (the allocations the schedule's passes
    /// carry; chunk c of stage s is slice c·p + s, the embedding in the first slice and the head in the last).
    /// </summary>
    /// <remarks>
    /// The order is Megatron-LM's (<c>PipelineSchedule</c>): w warm-up forward steps (GPipe m; 1F1B min(p − s − 1, m);
    /// interleaved min(2(p − s − 1) + (v − 1)p, m·v), or all m·v when m = p), then forward-backward pairs, then the
    /// remaining backward steps; the k-th forward step runs chunk ⌊(k mod p·v)/p⌋, the k-th backward step the
    /// chunks in reverse. With F(n) and B(n) the activations of the first n forward and backward steps, the level
    /// during backward step i of the steady phase is F(w + i + 1) − B(i) + working(i), periodic in i with period
    /// p·v since F and B both grow by p·Σ chunks per period; during the cool-down it is F(m·v) − B(i) + working(i),
    /// which one period later is no higher. So one period of each phase gives the peak, O(p·v) whatever m.
    /// </remarks>
    public double HeldActivationBytes(TrainingLayout layout, int stage)
    {
        ArgumentNullException.ThrowIfNull(layout);
        int p = layout.Pipeline, v = layout.VirtualStages, m = layout.Microbatches;
        if (stage < 0 || stage >= p)
        {
            throw new ArgumentOutOfRangeException(nameof(stage), stage, $"stage must lie in [0, {p})");
        }

        Span<double> saved = v <= 16 ? stackalloc double[v] : new double[v];
        Span<double> working = v <= 16 ? stackalloc double[v] : new double[v];
        for (int c = 0; c < v; c++)
        {
            (int lo, int hi) = SliceRange(layout, (c * p) + stage);
            for (int i = lo; i < hi; i++)
            {
                saved[c] += _saved[i];
                working[c] = Math.Max(working[c], _workingSet[i]);
            }
        }

        long total = (long)m * v;
        long warmup = layout.Schedule switch
        {
            PipelineScheduleKind.GPipe => m,
            PipelineScheduleKind.Interleaved1F1B => m == p ? total : Math.Min((2L * (p - stage - 1)) + ((long)(v - 1) * p), total),
            _ => Math.Min(p - stage - 1, m),
        };
        long period = (long)p * v, steady = total - warmup;
        double peak = 0;
        for (long i = 0; i < Math.Min(steady, period); i++)
        {
            peak = Math.Max(peak, Held(saved, p, warmup + i + 1, false) - Held(saved, p, i, true) + working[v - 1 - (int)(i % period / p)]);
        }

        double all = Held(saved, p, total, false);
        for (long i = steady; i < Math.Min(total, steady + period); i++)
        {
            peak = Math.Max(peak, all - Held(saved, p, i, true) + working[v - 1 - (int)(i % period / p)]);
        }

        return peak;
    }

    /// <summary>
    /// The activations of the first n forward steps (or backward steps, which visit the chunks in reverse) of an
    /// order that runs groups of p micro-batches chunk by chunk.
    /// </summary>
    private static double Held(ReadOnlySpan<double> saved, int p, long n, bool backward)
    {
        int v = saved.Length;
        long period = (long)p * v, q = n / period, r = n % period;
        double sum = 0, perPeriod = 0;
        for (int c = 0; c < v; c++)
        {
            double a = saved[backward ? v - 1 - c : c];
            perPeriod += a;
            if (c < r / p)
            {
                sum += a * p;
            }
            else if (c == r / p)
            {
                sum += a * (r % p);
            }
        }

        return (q * p * perPeriod) + sum;
    }

    /// <summary>
    /// Micro-batches in flight on a stage, as <c>TrainingScheduleBuilder.MemoryStrategyFor</c> counts them with
    /// <see cref="InFlightMicrobatches"/>.
    /// </summary>
    private static double InFlight(TrainingLayout layout, int stage)
    {
        int p = layout.Pipeline, m = layout.Microbatches, v = layout.VirtualStages;
        return layout.Schedule switch
        {
            PipelineScheduleKind.GPipe => InFlightMicrobatches.Gpipe(m),
            PipelineScheduleKind.Interleaved1F1B when v > 1 => InFlightMicrobatches.Interleaved(p, v, stage, m),
            _ => InFlightMicrobatches.OneForwardOneBackward(p, stage, m),
        };
    }

    private (double Weights, double Gradients, double Optimizer) BytesPerParameter(TrainingLayout layout)
    {
        if (layout.Precision != Account.Options.Precision)
        {
            throw new ArgumentException($"the layout's precision {layout.Precision} differs from the accounting's {Account.Options.Precision}", nameof(layout));
        }

        return _bytesPerParameter[(int)layout.Optimizer];
    }

    /// <summary>Weights + gradients + optimizer states of the layers [lo, hi) of a stage, as <see cref="MemoryBreakdown.ModelState"/>.</summary>
    private double ModelState(TrainingLayout layout, int lo, int hi)
    {
        long parameters = 0, tied = 0;
        bool hasEmbedding = false;
        for (int i = lo; i < hi; i++)
        {
            parameters += _parameters[i];
            tied += _tied[i];
            hasEmbedding |= _kinds[i] == LayerKind.Embedding;
        }

        if (!hasEmbedding)
        {
            parameters += tied;
        }

        (double weightBytes, double gradientBytes, double optimizerBytes) = BytesPerParameter(layout);
        double d = layout.Data;
        bool shardOptimizer = layout.ZeroStage >= 1 || layout.DistributedOptimizer;
        double weights = parameters * weightBytes / (layout.ZeroStage >= 3 ? d : 1);
        double gradients = parameters * gradientBytes / (layout.ZeroStage >= 2 ? d : 1);
        double optimizer = parameters * optimizerBytes / (shardOptimizer ? d : 1);
        return weights + gradients + optimizer;
    }

    /// <summary>
    /// The layers [lo, hi) a stage holds: all of them without a pipeline; otherwise a run of blocks as long as the
    /// stage's share (<see cref="PipelineSplit"/>), with the embedding on the first stage and the head on the last (the
    /// accounting orders a transformer's layers embedding, blocks, head, and every block accounts alike, so a run of
    /// the right length stands for the stage's blocks, interleaved or not).
    /// </summary>
    private (int Lo, int Hi) Range(TrainingLayout layout, int stage)
    {
        int p = layout.Pipeline;
        if (stage < 0 || stage >= p)
        {
            throw new ArgumentOutOfRangeException(nameof(stage), stage, $"stage must lie in [0, {p})");
        }

        return Share(layout, p, stage, static (slices, pipeline, s) => PipelineSplit.StageLayers(slices, pipeline, s));
    }

    /// <summary>The layers [lo, hi) of pipeline slice k of the layout's p·v (<see cref="PipelineSplit"/>); one slice holds every layer.</summary>
    private (int Lo, int Hi) SliceRange(TrainingLayout layout, int k) =>
        Share(layout, layout.Pipeline * layout.VirtualStages, k, static (slices, _, j) => slices[j]);

    /// <summary>
    /// The layers [lo, hi) of part <paramref name="index"/> of <paramref name="parts"/> (stages or slices): an equal run
    /// of blocks when the split is equal, else the blocks of the parts before it and its own by
    /// <paramref name="blocksOf"/> (slice counts, pipeline size, part).
    /// </summary>
    private (int Lo, int Hi) Share(TrainingLayout layout, int parts, int index, Func<ImmutableArray<int>, int, int, int> blocksOf)
    {
        if (parts == 1)
        {
            return (0, _kinds.Length);
        }

        RequireContiguous();
        if (IsEqual(layout, parts))
        {
            int per = _blocks.Length / parts;
            return Run(index == 0, index == parts - 1, index * per, per);
        }

        ImmutableArray<int> slices = Counts(layout);
        int before = 0;
        for (int j = 0; j < index; j++)
        {
            before += blocksOf(slices, layout.Pipeline, j);
        }

        return Run(index == 0, index == parts - 1, before, blocksOf(slices, layout.Pipeline, index));
    }

    /// <summary>True when the layout splits the blocks equally over <paramref name="parts"/>.</summary>
    private bool IsEqual(TrainingLayout layout, int parts) => layout.StageLayers.IsDefaultOrEmpty && _blocks.Length % parts == 0;

    private ImmutableArray<int> Counts(TrainingLayout layout) =>
        PipelineSplit.Counts(_blocks.Length, layout.Pipeline * layout.VirtualStages, layout.VirtualStages, layout.StageLayers);

    /// <summary>The layers of a run of <paramref name="count"/> blocks after the first <paramref name="before"/>, with the embedding or the head at the ends.</summary>
    private (int Lo, int Hi) Run(bool first, bool last, int before, int count)
    {
        int e = _embedding.Length;
        return (first ? 0 : e + before, last ? _kinds.Length : e + before + count);
    }

    private void RequireContiguous()
    {
        if (!_contiguous)
        {
            throw new WorkloadSpecException("parallelism.pipeline", "pipeline stages need a transformer whose layers run embedding, blocks, head");
        }
    }
}
