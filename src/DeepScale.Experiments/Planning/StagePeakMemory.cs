using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Pipeline;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Memory;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Planning;

/// <summary>
/// The peak memory of a rank under a layout, computed from one accounting's per-layer sums with the formulas and the
/// order of additions of <see cref="MemoryAccountant"/> (Rajbhandari et al. 2020 for model states; Korthikanti et
/// al. 2022 for activations), so that the planner can check millions of layouts against the device capacity
/// without accounting the model again for each. Built once per accounting (micro-batch, tensor size, sequence
/// parallelism, recompute policy); immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// <para>Only the first and the last pipeline stage are evaluated, because no other stage can have a higher peak.
/// Proof: stages 1 … p − 2 hold the same number of transformer blocks and nothing else, so their weights, gradients,
/// optimizer states, per-micro-batch activations and temporaries are equal; the micro-batches they hold in flight
/// do not grow with the stage index under any schedule (GPipe m; 1F1B min(p − s, m); interleaved
/// min(2(p − s − 1) + (v − 1)p + 1, m·v)/v), so their peaks do not grow with s. Stage 0 holds the same blocks plus
/// the embedding — every part (parameters, saved activations, the largest recompute working set and gather buffer,
/// and the fragmentation proportional to them) is at least that of stage 1 — and at least as many micro-batches in
/// flight. Hence peak(0) ≥ peak(s) for 1 ≤ s ≤ p − 2, and the maximum over all stages is max(peak(0), peak(p − 1)).
/// A test compares this maximum with <see cref="MemoryAccountant.AccountStages"/> on random layouts.</para>
/// </remarks>
public sealed class StagePeakMemory
{
    private readonly FrameworkMemoryOverhead _overhead;
    private readonly LayerKind[] _kinds;
    private readonly long[] _parameters;
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
            _tied[i] = layer.TiedParameters;
            _saved[i] = layer.SavedActivations.Count;
            _workingSet[i] = layer.RecomputeWorkingSet.Count;
            _gather[i] = layer.Operators.SelectMany(o => o.Exchanges).Where(x => x.Kind == ExchangeKind.AllGather)
                .Select(x => x.Payload.Count).DefaultIfEmpty(0).Max();
            _logits[i] = [.. layer.Operators.Where(o => o.Kind == OperatorKind.Loss).Select(o => o.Forward.Read.Count + o.BackwardInput.Read.Count)];
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
        return layout.Pipeline == 1 ? first : Math.Max(first, StagePeakBytes(layout, layout.Pipeline - 1));
    }

    /// <summary>
    /// A lower bound of <see cref="PeakBytes"/> that does not depend on the micro-batch, the recompute policy or the
    /// schedule: the larger model states (weights, gradients, optimizer states) of the first and the last stage, plus
    /// the CUDA context. Every other part of that stage's peak is non-negative.
    /// </summary>
    public double ModelStateBytes(TrainingLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        (int lo, int hi) = Range(layout.Pipeline, 0);
        double first = ModelState(layout, lo, hi) + _overhead.CudaContext.Count;
        if (layout.Pipeline == 1)
        {
            return first;
        }

        (lo, hi) = Range(layout.Pipeline, layout.Pipeline - 1);
        return Math.Max(first, ModelState(layout, lo, hi) + _overhead.CudaContext.Count);
    }

    /// <summary>The peak of one stage's ranks, in bytes, as <see cref="MemoryBreakdown.Peak"/> of <see cref="MemoryAccountant.Account"/>.</summary>
    public double StagePeakBytes(TrainingLayout layout, int stage)
    {
        ArgumentNullException.ThrowIfNull(layout);
        (int lo, int hi) = Range(layout.Pipeline, stage);
        double state = ModelState(layout, lo, hi);
        double perMicrobatch = 0, logits = 0, recompute = 0, gather = 0, largest = 0;
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
        }

        double activations = perMicrobatch * InFlight(layout, stage);
        double d = layout.Data;
        double weightBytes = BytesPerParameter(layout).Weights;
        double buckets = d > 1 ? 2 * _overhead.GradientBucket.Count : 0;
        double zero3 = layout.ZeroStage >= 3 && d > 1 ? 2 * largest * weightBytes : 0;
        double temporaries = 0 + logits + recompute + gather + buckets + zero3;
        double dynamic = activations + temporaries;
        double fragmentation = dynamic * _overhead.FragmentationFraction / (1 - _overhead.FragmentationFraction);
        double framework = 0 + _overhead.CudaContext.Count + fragmentation;
        return state + activations + temporaries + framework;
    }

    /// <summary>
    /// Micro-batches in flight on a stage, as <c>TrainingScheduleBuilder.MemoryStrategyFor</c> counts them with
    /// <see cref="InFlightMicrobatches"/> (the same expressions, without its argument checks, which the layouts the
    /// planner builds satisfy): GPipe m, 1F1B min(p − s, m), interleaved min(2(p − s − 1) + (v − 1)p + 1, m·v)/v.
    /// </summary>
    private static double InFlight(TrainingLayout layout, int stage)
    {
        int p = layout.Pipeline, m = layout.Microbatches, v = layout.VirtualStages;
        return layout.Schedule switch
        {
            PipelineScheduleKind.GPipe => m,
            PipelineScheduleKind.Interleaved1F1B when v > 1 =>
                Math.Min((((double)p - stage - 1) * 2) + (((double)v - 1) * p) + 1, (double)m * v) / v,
            _ => Math.Min(p - stage, m),
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
    /// The layers [lo, hi) a stage holds: all of them without a pipeline; otherwise its run of blocks, with the
    /// embedding on the first stage and the head on the last (the accounting orders a transformer's layers
    /// embedding, blocks, head, so each stage's layers are contiguous).
    /// </summary>
    private (int Lo, int Hi) Range(int p, int stage)
    {
        if (stage < 0 || stage >= p)
        {
            throw new ArgumentOutOfRangeException(nameof(stage), stage, $"stage must lie in [0, {p})");
        }

        if (p == 1)
        {
            return (0, _kinds.Length);
        }

        if (!_contiguous || _blocks.Length % p != 0)
        {
            throw new WorkloadSpecException("parallelism.pipeline", $"{p} stages need a transformer whose {_blocks.Length} layers it divides");
        }

        int per = _blocks.Length / p, e = _embedding.Length;
        return (stage == 0 ? 0 : e + (stage * per), stage == p - 1 ? _kinds.Length : e + ((stage + 1) * per));
    }
}
