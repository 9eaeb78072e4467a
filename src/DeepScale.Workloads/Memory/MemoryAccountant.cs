using System.Collections.Immutable;

using DeepScale.Core.Units;

using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Memory;

/// <summary>
/// Memory per rank for a model under a strategy (Rajbhandari et al. 2020 for model states; Korthikanti et al.
/// 2022 for activations).
/// </summary>
/// <remarks>
/// Bytes per parameter with mixed precision are those of the frameworks' optimizers, which step on fp32 gradients:
/// fp16 keeps 2 (weights) + 2 (gradients) and its optimizer 16 for Adam (fp32 master weights, fp32 copy of the
/// gradients, momentum, variance), 20 in all; bf16 and fp8 accumulate the gradients in fp32, 2 + 4 + 12, 18 in all
/// (NVIDIA Megatron Core developer guide, "Distributed Optimizer": 20 and 4 + 16/d for fp16 parameters and
/// gradients, 18 and 6 + 12/d for 16-bit parameters with fp32 gradients; DeepSpeed's ZeRO-1/2 optimizer likewise
/// steps its fp32 partition on an fp32 copy of the partition's gradients). SGD with momentum keeps one fp32 moment
/// instead of two (4 bytes less). In fp32/tf32: 4 + 4 + 8 (Adam) or + 4 (SGD), no master copy. ZeRO stage 1 (or the
/// distributed optimizer) divides the optimizer states by the data-parallel size, stage 2 also the gradients,
/// stage 3 also the weights (Rajbhandari et al. 2020, whose Fig. 1 counts 12 optimizer bytes, leaving out the fp32
/// gradient copy).
/// </remarks>
public static class MemoryAccountant
{
    /// <summary>The temporary component of the largest layer's recompute working set (the recomputed forward's
    /// intermediate tensors a backward pass holds).</summary>
    public const string RecomputeWorkingSet = "temporary.recompute";

    /// <summary>The memory breakdown of one rank of <paramref name="strategy"/>'s pipeline stage.</summary>
    public static MemoryBreakdown Account(ModelDescription model, MemoryStrategy strategy, FrameworkMemoryOverhead? overhead = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(strategy);
        return Account(ModelAccountant.Account(model, strategy.Validate().ToAccountingOptions()), strategy, overhead);
    }

    /// <summary>
    /// The same from an accounting already made for <paramref name="strategy"/>'s accounting options (a schedule
    /// builder or planner accounts the model once for all stages).
    /// </summary>
    public static MemoryBreakdown Account(ModelAccount account, MemoryStrategy strategy, FrameworkMemoryOverhead? overhead = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(strategy);
        strategy.Validate();
        if (account.Options != strategy.ToAccountingOptions())
        {
            throw new ArgumentException("The accounting was made for other options than the strategy's.", nameof(account));
        }

        FrameworkMemoryOverhead fw = overhead ?? FrameworkMemoryOverhead.Default;
        if (fw.CudaContext.Count < 0 || fw.GradientBucket.Count < 0 || fw.FragmentationFraction is < 0 or >= 1)
        {
            throw new WorkloadSpecException("framework_overhead", "context and bucket must not be negative and fragmentation must be in [0, 1)");
        }

        ImmutableArray<LayerAccount> stage = StageLayers(account, strategy);

        long parameters = stage.Sum(l => l.Parameters);
        bool hasEmbedding = stage.Any(l => l.Kind == LayerKind.Embedding);
        if (!hasEmbedding)
        {
            // A head tied to an embedding on another stage keeps its own copy of the matrix (Megatron's
            // word-embedding copy on the last stage, whose gradients are all-reduced with the first).
            parameters += stage.Sum(l => l.TiedParameters);
        }

        (double weightBytes, double gradientBytes, double optimizerBytes) = BytesPerParameter(strategy);
        double d = strategy.ShardGroup;
        bool shardOptimizer = strategy.ZeroStage >= 1 || strategy.DistributedOptimizer;
        var weights = new Bytes(parameters * weightBytes / (strategy.ZeroStage >= 3 ? d : 1));
        var gradients = new Bytes(parameters * gradientBytes / (strategy.ZeroStage >= 2 ? d : 1));
        var optimizer = new Bytes(parameters * optimizerBytes / (shardOptimizer ? d : 1));

        var perMicrobatch = new Bytes(stage.Sum(l => l.SavedActivations.Count));
        Bytes activations = perMicrobatch * strategy.MicrobatchesInFlight;

        ImmutableArray<MemoryComponent> temporaries = Temporaries(stage, strategy, fw, weightBytes);
        double dynamic = activations.Count + temporaries.Sum(c => c.Size.Count);
        double fragmentation = dynamic * fw.FragmentationFraction / (1 - fw.FragmentationFraction);

        return new MemoryBreakdown
        {
            Parameters = parameters,
            Weights = weights,
            Gradients = gradients,
            OptimizerStates = optimizer,
            Activations = activations,
            ActivationsPerMicrobatch = perMicrobatch,
            Temporaries = temporaries,
            Framework =
            [
                new MemoryComponent("framework.cuda_context", fw.CudaContext),
                new MemoryComponent("framework.fragmentation", new Bytes(fragmentation)),
            ],
        };
    }

    /// <summary>
    /// Breakdowns for every pipeline stage, with the micro-batches in flight of each stage given by the schedule
    /// (e.g. <c>s => InFlightMicrobatches.OneForwardOneBackward(p, s, m)</c>).
    /// </summary>
    public static ImmutableArray<MemoryBreakdown> AccountStages(ModelDescription model, MemoryStrategy strategy,
        Func<int, double> microbatchesInFlight, FrameworkMemoryOverhead? overhead = null)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(microbatchesInFlight);
        return [.. Enumerable.Range(0, strategy.PipelineParallel).Select(s => Account(model,
            strategy with { PipelineStage = s, MicrobatchesInFlight = microbatchesInFlight(s) }, overhead))];
    }

    /// <summary>Bytes per parameter of weights, gradients and optimizer states (see the remarks).</summary>
    public static (double Weights, double Gradients, double Optimizer) BytesPerParameter(MemoryStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        const double fp32 = 4;
        bool mixed = strategy.Precision is Precision.Fp16 or Precision.Bf16 or Precision.Fp8;
        double gradients = GradientBytes(strategy.Precision);
        double moments = strategy.Optimizer == OptimizerKind.Adam ? 2 * fp32 : fp32;
        double master = mixed ? fp32 : 0;
        double gradientCopy = gradients < fp32 ? fp32 : 0;
        return (mixed ? 2 : fp32, gradients, master + gradientCopy + moments);
    }

    /// <summary>
    /// Bytes of one gradient element as the model holds and the data-parallel reduction sends it: 2 with fp16, 4
    /// otherwise (bf16 and fp8 accumulate and reduce gradients in fp32: Megatron-LM sets
    /// <c>--accumulate-allreduce-grads-in-fp32</c> with bf16).
    /// </summary>
    public static double GradientBytes(Precision precision) => precision is Precision.Fp16 ? 2 : 4;

    private static ImmutableArray<LayerAccount> StageLayers(ModelAccount account, MemoryStrategy strategy)
    {
        int p = strategy.PipelineParallel;
        if (p == 1)
        {
            return account.Layers;
        }

        if (account.Model is not TransformerModel transformer)
        {
            throw new WorkloadSpecException("parallelism.pipeline", $"{p}: pipeline stages are modelled for transformers only");
        }

        int s = strategy.PipelineStage;

        // Every transformer block accounts alike, so a stage's blocks are any run of its length.
        int perStage = strategy.StageTransformerLayers ?? PipelineSplit.Counts(transformer.Layers, p, 1, [])[s];
        var blocks = account.LayersOf(LayerKind.Transformer).Take(perStage);
        IEnumerable<LayerAccount> layers = blocks;
        if (s == 0)
        {
            layers = account.LayersOf(LayerKind.Embedding).Concat(layers);
        }

        if (s == p - 1)
        {
            layers = layers.Concat(account.LayersOf(LayerKind.Head));
        }

        return [.. layers];
    }

    /// <summary>DeepSpeed's default <c>stage3_max_live_parameters</c>: parameters its ZeRO-3 coordinator keeps gathered at most.</summary>
    public const double DeepSpeedMaxLiveParameters = 1e9;

    /// <summary>DeepSpeed's default <c>stage3_prefetch_bucket_size</c>: parameters it gathers ahead of the module that needs them.</summary>
    public const double DeepSpeedPrefetchBucketParameters = 5e8;

    /// <summary>
    /// Parameters a ZeRO-3 rank holds gathered at once. Layer-sized collectives (FSDP's units) hold the current and
    /// the prefetched layer. DeepSpeed's coordinator gathers tensor by tensor: the one its next module needs and up to
    /// its prefetch bucket beyond it, keeping no more than its live-parameter budget unless one tensor alone is larger
    /// (DeepSpeed's configuration defaults, zero_optimization.stage3_prefetch_bucket_size and
    /// stage3_max_live_parameters); never more than the stage's parameters.
    /// </summary>
    public static double Zero3GatheredParameters(double largestLayer, double largestTensor, double stageParameters, bool perTensor) =>
        Math.Min(stageParameters, perTensor
            ? Math.Max(largestTensor, Math.Min(DeepSpeedMaxLiveParameters, largestTensor + DeepSpeedPrefetchBucketParameters))
            : 2 * largestLayer);

    /// <summary>The transient bytes of a loss operator while it runs backward (<see cref="Operator.BackwardTransient"/>).</summary>
    public static double LogitsTemporaryBytes(Operator loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        return loss.BackwardTransient.Count;
    }

    private static ImmutableArray<MemoryComponent> Temporaries(ImmutableArray<LayerAccount> stage, MemoryStrategy strategy,
        FrameworkMemoryOverhead fw, double weightBytes)
    {
        var list = new List<MemoryComponent>();

        // Logits: the 16-bit logits and the fp32 gradient of the logits exist together while the loss runs backward
        // (the fp32 probabilities are already counted as the loss's saved activation).
        double logits = stage.SelectMany(l => l.Operators).Where(o => o.Kind == OperatorKind.Loss).Sum(LogitsTemporaryBytes);
        list.Add(new MemoryComponent("temporary.logits", new Bytes(logits)));

        // Recomputation re-materializes one layer's dropped activations at a time.
        double recompute = stage.Select(l => l.RecomputeWorkingSet.Count).DefaultIfEmpty(0).Max();
        list.Add(new MemoryComponent(RecomputeWorkingSet, new Bytes(recompute)));

        // Sequence parallelism gathers one full-sequence activation before each column-parallel GEMM; context
        // parallelism the keys and values (whole, or two shards at a time in its ring form).
        double gather = stage.SelectMany(l => l.Operators).SelectMany(o => o.Exchanges)
            .Select(x => x.Transient.Count).DefaultIfEmpty(0).Max();
        list.Add(new MemoryComponent("temporary.tp_gather", new Bytes(gather)));

        // Data parallelism: two gradient buckets in flight while the reduction overlaps backward (DDP); ZeRO-3 also
        // holds gathered parameters (Zero3GatheredParameters).
        double buckets = strategy.ShardGroup > 1 ? 2 * fw.GradientBucket.Count : 0;
        list.Add(new MemoryComponent("temporary.dp_buckets", new Bytes(buckets)));
        double zero3 = strategy.ZeroStage >= 3 && strategy.ShardGroup > 1
            ? Zero3GatheredParameters(stage.Select(l => (double)l.Parameters).DefaultIfEmpty(0).Max(),
                stage.SelectMany(l => l.Operators).Select(o => (double)o.Parameters).DefaultIfEmpty(0).Max(),
                stage.Sum(l => (double)l.Parameters), strategy.Zero3PerTensor) * weightBytes
            : 0;
        list.Add(new MemoryComponent("temporary.zero3_gather", new Bytes(zero3)));
        return [.. list];
    }
}
