using DeepScale.Core;
using DeepScale.Core.Units;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Pipeline;
using DeepScale.Parallelism.Schedules;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Memory;
using DeepScale.Workloads.Models;

namespace DeepScale.Parallelism.Strategies;

/// <summary>
/// Builds the per-stage programs of a training iteration from a model, a layout and a compute cost model: the
/// strategy of Megatron-LM and PyTorch DDP/ZeRO expressed as data. The model's transformer layers are split into
/// p·v equal slices (slice c·p + s on stage s as chunk c; the embedding joins the first slice and the head the
/// last, as in Megatron), each pass of a slice becomes compute ops cut at tensor-parallel collectives, the pipeline
/// order comes from <see cref="PipelineProgramBuilder"/>, and the iteration ends with gradient synchronization and the
/// optimizer step.
/// </summary>
public static class TrainingScheduleBuilder
{
    /// <param name="averagingStep">
    /// With local SGD (averaging period H &gt; 1): true for the step that ends with the parameter average, false
    /// for the H − 1 local steps between averages.
    /// </param>
    public static TrainingSchedule Build(ModelDescription model, TrainingLayout layout, ComputeCostModel cost, bool averagingStep = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(cost);
        layout.Validate();
        model.Validate();
        int p = layout.Pipeline, v = layout.VirtualStages, m = layout.Microbatches;
        AccountingOptions options = layout.ToAccountingOptions().Validate();
        if (!cost.Accelerator.Supports(layout.Precision))
        {
            throw new SpecFieldException("training.precision", $"{cost.Accelerator.Id} does not support {layout.Precision.ToSpecString()}");
        }

        ModelAccount account = ModelAccountant.Account(model, options);
        ModelTiming timing = cost.Time(account);
        IReadOnlyList<IReadOnlyList<LayerAccount>> slices = PipelineSplit.Slice(account, p * v, v, layout.StageLayers);

        var grid = RankGrid.For(layout);
        var sync = new GradientSync(layout, cost, averagingStep);
        var emitter = new PassEmitter(layout, slices, timing, sync, new ShardedParameters(layout, cost));
        Bytes activation = StageActivationBytes(model, layout);
        var programs = new List<StageProgram>(p);
        var memory = new List<MemoryBreakdown>(p);
        var staticMemory = new List<Bytes>(p);
        for (int s = 0; s < p; s++)
        {
            var writer = new ProgramWriter(s);
            var backwardsSeen = new int[v];
            var overlapped = new List<int>();
            PipelineProgramBuilder.Write(writer, layout.Schedule, p, m, v, activation, emitter.Write,
                ScatterGatherAfterReceive(layout, activation),
                (w, action) =>
                {
                    if (!action.IsForward && ++backwardsSeen[action.Chunk] == m)
                    {
                        overlapped.AddRange(sync.WriteOverlappedBuckets(w, emitter.LayerGradientsReady, action.Chunk));
                    }
                },
                synchronousSends: !layout.Overlap.PpComm);

            IEnumerable<LayerAccount> stageLayers = Enumerable.Range(0, v).SelectMany(c => slices[(c * p) + s]);
            long parameters = stageLayers.Sum(l => l.Parameters);
            bool hasEmbedding = stageLayers.Any(l => l.Kind == LayerKind.Embedding);
            long tied = stageLayers.Sum(l => l.TiedParameters);
            long embeddingCopy = hasEmbedding ? account.Layers.Sum(l => l.TiedParameters) : tied;
            sync.WriteStep(writer, parameters + (hasEmbedding ? 0 : tied), p > 1 ? embeddingCopy : 0, overlapped);
            programs.Add(writer.Build());

            MemoryBreakdown breakdown = MemoryAccountant.Account(account, MemoryStrategyFor(layout, s));
            memory.Add(breakdown);
            // The passes allocate the activations and, while they recompute, the recompute working set; the rest of
            // the stage's peak is held throughout.
            Bytes recomputeWorkingSet = breakdown.Temporaries.Where(c => c.Name == MemoryAccountant.RecomputeWorkingSet)
                .Aggregate(Bytes.Zero, (sum, c) => sum + c.Size);
            staticMemory.Add(breakdown.Peak - breakdown.Activations - recomputeWorkingSet);
        }

        long parametersTotal = ModelAccountant.CountParameters(model);
        double replicas = layout.Data * layout.Context * layout.Tensor;
        return new TrainingSchedule
        {
            Layout = layout,
            Grid = grid,
            Programs = programs,
            MemoryByStage = memory,
            StaticMemoryByStage = staticMemory,
            ModelFlopsPerIteration = account.ModelFlops * (replicas * m),
            HardwareFlopsPerIteration = account.HardwareFlops * (replicas * m),
            Parameters = parametersTotal,
            SamplesPerIteration = layout.GlobalBatch,
            TokensPerIteration = model is TransformerModel t ? layout.GlobalBatch * t.SeqLen : 0,
        };
    }

    /// <summary>The memory-accounting view of a stage under the layout (micro-batches in flight from the schedule).</summary>
    public static MemoryStrategy MemoryStrategyFor(TrainingLayout layout, int stage)
    {
        int p = layout.Pipeline, m = layout.Microbatches;
        double inFlight = layout.Schedule switch
        {
            PipelineScheduleKind.GPipe => InFlightMicrobatches.Gpipe(m),
            PipelineScheduleKind.Interleaved1F1B when layout.VirtualStages > 1 => InFlightMicrobatches.Interleaved(p, layout.VirtualStages, stage, m),
            _ => InFlightMicrobatches.OneForwardOneBackward(p, stage, m),
        };
        return new MemoryStrategy
        {
            TensorParallel = layout.Tensor,
            PipelineParallel = p,
            DataParallel = layout.Data,
            ContextParallel = layout.Context,
            ContextCommunication = layout.ContextCommunication,
            SequenceParallel = layout.SequenceParallel,
            Recompute = layout.Recompute,
            ZeroStage = layout.ZeroStage,
            DistributedOptimizer = layout.DistributedOptimizer,
            Zero3PerTensor = layout.ZeroGranularity == ZeroGranularity.Tensor,
            MicroBatch = layout.MicroBatch,
            MicrobatchesInFlight = inFlight,
            PipelineStage = stage,
            StageTransformerLayers = layout.StageLayers.IsDefaultOrEmpty ? null : PipelineSplit.StageLayers(layout.StageLayers, p, stage),
            Precision = layout.Precision,
            Optimizer = layout.Optimizer,
            Attention = layout.Attention,
            FusedElementwise = layout.FusedElementwise,
            OffloadActivations = layout.OffloadActivations,
            FusedLoss = layout.FusedLoss,
        };
    }

    /// <summary>
    /// The bytes one rank sends between stages per micro-batch: the hidden state of its b·s / c tokens (16-bit; c the
    /// context-parallel size), split across the tensor ranks with sequence parallelism or Megatron's scatter/gather,
    /// whole otherwise.
    /// </summary>
    internal static Bytes StageActivationBytes(ModelDescription model, TrainingLayout layout)
    {
        if (model is not TransformerModel t || layout.Pipeline == 1)
        {
            return Bytes.Zero;
        }

        int elementBytes = AccountingOptions.ActivationBytesOf(layout.Precision);
        double whole = (double)layout.MicroBatch * t.SeqLen / layout.Context * t.Hidden * elementBytes;
        bool split = layout.Tensor > 1 && (layout.SequenceParallel || layout.ScatterGather);
        return new Bytes(split ? whole / layout.Tensor : whole);
    }

    /// <summary>With scatter/gather (and no sequence parallelism) the receiver all-gathers the split activation over its tensor group.</summary>
    private static PipelineProgramBuilder.PassWriter? ScatterGatherAfterReceive(TrainingLayout layout, Bytes split)
    {
        if (layout.Tensor == 1 || layout.SequenceParallel || !layout.ScatterGather || layout.Pipeline == 1)
        {
            return null;
        }

        Bytes whole = split * layout.Tensor;
        return (w, action) => w.Collective("pp gather", Hardware.Collectives.CollectiveOp.AllGather,
            GroupRole.Tensor, whole, TimeCategory.ExposedPpComm, microbatch: action.Microbatch, chunk: action.Chunk);
    }
}
