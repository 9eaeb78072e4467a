using DeepScale.Core.Units;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Pipeline;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Spec;

/// <summary>
/// Reads the <c>parallelism:</c> section and checks the cross-field constraints of a scenario, as Calculon checks
/// its execution against its application and system and as Megatron-LM's argument checks do: the grid fills the
/// GPUs, batches divide, the model splits evenly, the schedule's shape rules hold, the accelerator computes in the
/// precision. Each error names the field to change and the field it conflicts with.
/// </summary>
internal static class ScenarioConstraints
{
    public static TrainingLayout Layout(SectionReader p, ScenarioCluster cluster, SpecDocument doc)
    {
        int tensor = p.Int("tensor", 1, WorkloadLimits.MaxParallelDegree) ?? 1;
        int context = p.Int("context", 1, WorkloadLimits.MaxParallelDegree) ?? 1;
        int pipeline = p.Int("pipeline", 1, WorkloadLimits.MaxParallelDegree) ?? 1;
        int? dataGiven = p.Int("data", 1, WorkloadLimits.MaxParallelDegree);
        int gpus = cluster.Gpus;
        long tp = (long)tensor * context * pipeline;
        string sizes = context > 1 ? "tensor·context·pipeline" : "tensor·pipeline";
        string factors = context > 1 ? $"{tensor}·{context}·{pipeline}" : $"{tensor}·{pipeline}";
        int data;
        if (dataGiven is int d)
        {
            long product = tp * d;
            if (product != gpus)
            {
                throw new SpecException(SpecErrorKind.Constraint, "parallelism.data",
                    $"{sizes}·data = {factors}·{d} = {product} differs from the {gpus} GPUs of the cluster ({cluster.Nodes} nodes × {cluster.GpusPerNode})",
                    p.Node("data")!.Position);
            }

            data = d;
        }
        else
        {
            if (gpus % tp != 0)
            {
                string field = p.Has("pipeline") ? "parallelism.pipeline" : p.Has("context") ? "parallelism.context" : "parallelism.tensor";
                throw new SpecException(SpecErrorKind.Constraint, field,
                    $"{sizes} = {factors} = {tp} does not divide the {gpus} GPUs of the cluster, so parallelism.data cannot be derived",
                    doc.Locate(field));
            }

            data = (int)(gpus / tp);
        }

        SectionReader? overlap = p.Section("overlap");
        TpCommSetting tpComm = overlap?.Choice("tp_comm", SpecChoices.TpComm) ?? TpCommSetting.Off;
        return new TrainingLayout
        {
            Tensor = tensor,
            Context = context,
            ContextCommunication = p.Choice("context_comm", SpecChoices.ContextComm) ?? ContextCommunication.P2P,
            Pipeline = pipeline,
            Data = data,
            Schedule = p.Choice("schedule", SpecChoices.Schedule) ?? PipelineScheduleKind.OneFOneB,
            VirtualStages = p.Int("virtual_stages", 1, WorkloadLimits.MaxLayers) ?? 1,
            StageLayers = p.IntegerList("stage_layers", 1, WorkloadLimits.MaxLayers, 1, WorkloadLimits.MaxLayers) is { } stageLayers
                ? [.. stageLayers.Select(n => (int)n)]
                : [],
            SequenceParallel = (p.Boolean("sequence_parallel") ?? false) && tensor > 1,
            ZeroStage = p.Int("zero", 0, 3) ?? 0,
            ZeroGranularity = p.Choice("zero_granularity", SpecChoices.ZeroGranularity) ?? ZeroGranularity.Layer,
            DistributedOptimizer = p.Boolean("distributed_optimizer") ?? false,
            Collectives = p.Choice("collective_algorithm", SpecChoices.CollectiveAlgorithm) ?? CollectiveChoice.Auto,
            Overlap = new OverlapOptions
            {
                GradReduce = overlap?.Boolean("grad_reduce") ?? true,
                ParamGather = overlap?.Boolean("param_gather") ?? false,
                TpComm = tpComm != TpCommSetting.Off,
                TpCommUserbuffers = tpComm != TpCommSetting.Backward,
                PpComm = overlap?.Boolean("pp_comm") ?? false,
            },
            ScatterGather = p.Boolean("scatter_gather") ?? true,
            AveragingPeriod = p.Int("averaging_period", 1, SpecLimits.MaxAveragingPeriod) ?? 1,
            GradientBucket = p.Size("gradient_bucket", Bytes.FromGiB(64)) ?? Bytes.FromMiB(25),
            Recompute = p.Choice("recompute", SpecChoices.Recompute) ?? RecomputeMode.None,
            OffloadActivations = p.Boolean("offload_activations") ?? false,
            Placement = p.Choice("placement", SpecChoices.Placement) ?? RankPlacement.TensorPipelineData,
        };
    }

    public static void Check(Scenario s)
    {
        TrainingLayout l = s.Layout;
        SpecDocument doc = s.Spec;

        long perStep = (long)l.MicroBatch * l.Data;
        if (l.GlobalBatch % perStep != 0)
        {
            throw Error(doc, "training.global_batch",
                $"{l.GlobalBatch} is not divisible by micro_batch·data = {l.MicroBatch}·{l.Data} = {perStep}");
        }

        CheckModelSplit(s, doc);
        CheckSchedule(s, doc);

        if (!s.Cluster.Accelerator.Supports(l.Precision))
        {
            string supported = string.Join(", ", s.Cluster.Accelerator.DensePeak.Keys.Order().Select(x => x.ToSpecString()));
            throw Error(doc, "training.precision",
                $"{l.Precision.ToSpecString()} is not supported by {s.Cluster.Accelerator.Id} (it computes in {(supported.Length > 0 ? supported : "no published precision")})");
        }

        if (l.ZeroStage >= 2 && l.Pipeline > 1)
        {
            throw Error(doc, "parallelism.zero",
                $"stage {l.ZeroStage} shards gradients, which pipeline parallelism cannot combine with (DeepSpeed allows only ZeRO-1 with pipelines); use zero 0 or 1, or pipeline 1");
        }

        if (l.OffloadActivations && l.Recompute != RecomputeMode.Full)
        {
            throw Error(doc, "parallelism.offload_activations",
                $"needs parallelism.recompute full (it moves the checkpointed layer inputs to host memory), not {SpecChoices.Recompute.SpellingOf(l.Recompute)}");
        }

        if (l.OffloadActivations && s.Cluster.Accelerator.PcieGeneration is < 3 or > 6)
        {
            throw Error(doc, "parallelism.offload_activations",
                $"{s.Cluster.Accelerator.Id} has no PCIe host link in the catalog to offload over");
        }

        if (l.DistributedOptimizer && l.ZeroStage > 0)
        {
            throw Error(doc, "parallelism.distributed_optimizer",
                $"cannot combine with zero {l.ZeroStage}: the distributed optimizer is Megatron's own ZeRO-1-style sharding");
        }

        if (l.Overlap.ParamGather && l.ZeroStage == 0 && !l.DistributedOptimizer)
        {
            throw Error(doc, "parallelism.overlap.param_gather",
                "needs sharded parameters (zero 1..3 or distributed_optimizer); without them there is no parameter all-gather to overlap");
        }

        if (l.AveragingPeriod > 1 && (l.ZeroStage > 0 || l.DistributedOptimizer))
        {
            throw Error(doc, "parallelism.averaging_period",
                $"{l.AveragingPeriod} needs unsharded optimizer state: between averages every replica steps its own full model (use zero 0 without distributed_optimizer)");
        }

        if (l.Context > 1 && l.AveragingPeriod > 1)
        {
            throw Error(doc, "parallelism.averaging_period",
                $"{l.AveragingPeriod} needs parallelism.context 1: the ranks of a context group reduce their gradients every step");
        }

        if (s.Data is { } data && data.Samples < l.GlobalBatch)
        {
            throw Error(doc, "data.samples", $"{data.Samples} samples are fewer than one global batch of {l.GlobalBatch}");
        }
    }

    private static void CheckModelSplit(Scenario s, SpecDocument doc)
    {
        TrainingLayout l = s.Layout;
        if (s.Model is TransformerModel m)
        {
            (string Field, long Value)[] divisible = [("model.heads", m.Heads), ("model.kv_heads", m.KvHeads), ("model.ffn_hidden", m.FfnHidden)];
            foreach ((string field, long value) in divisible)
            {
                if (value % l.Tensor != 0)
                {
                    throw Error(doc, "parallelism.tensor", $"{l.Tensor} does not divide {field} {value}");
                }
            }

            if (l.Context > 1 && m.SeqLen % (2L * l.Context) != 0)
            {
                throw Error(doc, "parallelism.context",
                    $"{l.Context} splits each sequence into 2·{l.Context} load-balanced chunks, which do not divide model.seq_len {m.SeqLen}");
            }

            if (l.Context > 1 && !l.Attention.IsFused())
            {
                throw Error(doc, "parallelism.context",
                    $"{l.Context} needs a fused attention kernel: training.attention is {SpecChoices.Attention.SpellingOf(l.Attention)} (use flash, flash2, flash1 or flash-triton)");
            }

            if (l.Context > 1 && l.ContextCommunication == ContextCommunication.AllToAll
                && (m.Heads / l.Tensor % l.Context != 0 || m.KvHeads / l.Tensor % l.Context != 0))
            {
                throw Error(doc, "parallelism.context_comm",
                    $"a2a splits a rank's heads over parallelism.context {l.Context}, which does not divide its {m.Heads / l.Tensor} query and {m.KvHeads / l.Tensor} key/value heads (model.heads, model.kv_heads / parallelism.tensor)");
            }

            if (l.SequenceParallel && m.SeqLen / l.Context % l.Tensor != 0)
            {
                throw Error(doc, "parallelism.sequence_parallel",
                    l.Context > 1
                        ? $"shards a rank's {m.SeqLen / l.Context} tokens of each sequence (model.seq_len / parallelism.context) over parallelism.tensor {l.Tensor}, which does not divide them"
                        : $"shards the sequence over parallelism.tensor {l.Tensor}, which does not divide model.seq_len {m.SeqLen}");
            }

            if (PipelineSplit.Problem(m.Layers, l.Pipeline * l.VirtualStages, l.VirtualStages, l.StageLayers) is { } split)
            {
                throw Error(doc, split.Field, split.Constraint);
            }

            return;
        }

        string family = SpecChoices.Family.SpellingOf(s.Model.Family);
        if (l.Context > 1)
        {
            throw Error(doc, "parallelism.context",
                $"is {l.Context}, but context parallelism splits transformer sequences and {s.Model.Id} is a {family} model (use 1)");
        }

        if (l.Tensor > 1)
        {
            throw Error(doc, "parallelism.tensor",
                $"is {l.Tensor}, but tensor parallelism splits transformer layers and {s.Model.Id} is a {family} model (use 1)");
        }

        if (l.Recompute == RecomputeMode.Selective)
        {
            throw Error(doc, "parallelism.recompute",
                $"selective recomputes the attention core, and {s.Model.Id} is a {family} model without attention (use none or full)");
        }

        if (l.Pipeline > 1)
        {
            throw Error(doc, "parallelism.pipeline",
                $"is {l.Pipeline}, but pipeline parallelism splits transformer layers and {s.Model.Id} is a {family} model (use 1)");
        }

        if (!l.StageLayers.IsDefaultOrEmpty)
        {
            throw Error(doc, PipelineSplit.Field, $"splits transformer layers over pipeline stages, and {s.Model.Id} is a {family} model (leave it out)");
        }
    }

    private static void CheckSchedule(Scenario s, SpecDocument doc)
    {
        TrainingLayout l = s.Layout;
        if (l.Schedule != PipelineScheduleKind.Interleaved1F1B)
        {
            if (l.VirtualStages > 1)
            {
                throw Error(doc, "parallelism.virtual_stages",
                    $"{l.VirtualStages} model chunks per GPU need schedule interleaved-1f1b (schedule is {SpecChoices.Schedule.SpellingOf(l.Schedule)})");
            }

            return;
        }

        if (l.Pipeline < 2)
        {
            throw Error(doc, "parallelism.pipeline", "interleaved-1f1b needs a pipeline of at least 2 stages");
        }

        if (l.VirtualStages < 2)
        {
            throw Error(doc, "parallelism.virtual_stages", "interleaved-1f1b needs at least 2 model chunks per GPU");
        }

        int m = s.MicrobatchesPerPipeline;
        if (m % l.Pipeline != 0)
        {
            throw Error(doc, "training.global_batch",
                $"gives {m} micro-batches per pipeline, which interleaved-1f1b needs to be a multiple of parallelism.pipeline {l.Pipeline} (Megatron-LM's rule)");
        }
    }

    private static SpecException Error(SpecDocument doc, string field, string constraint) =>
        doc.ErrorAt(field, constraint, SpecErrorKind.Constraint);
}
