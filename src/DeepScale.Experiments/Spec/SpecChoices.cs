using DeepScale.Core.Units;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Pipeline;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Memory;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Spec;

/// <summary>The accepted spellings of every enum option of a spec (matching is case-insensitive).</summary>
internal static class SpecChoices
{
    public static readonly ChoiceTable<Fidelity> Fidelity = new(
        ("analytical", Spec.Fidelity.Analytical), ("symmetric", Spec.Fidelity.Symmetric), ("full", Spec.Fidelity.Full));

    public static readonly ChoiceTable<PipelineScheduleKind> Schedule = new(
        ("gpipe", PipelineScheduleKind.GPipe), ("1f1b", PipelineScheduleKind.OneFOneB), ("interleaved-1f1b", PipelineScheduleKind.Interleaved1F1B));

    public static readonly ChoiceTable<TpCommSetting> TpComm = new(
        ("false", TpCommSetting.Off), ("true", TpCommSetting.On), ("backward", TpCommSetting.Backward));

    public static readonly ChoiceTable<RecomputeMode> Recompute = new(
        ("none", RecomputeMode.None), ("selective", RecomputeMode.Selective), ("full", RecomputeMode.Full));

    public static readonly ChoiceTable<ZeroGranularity> ZeroGranularity = new(
        ("layer", Parallelism.Layout.ZeroGranularity.Layer), ("tensor", Parallelism.Layout.ZeroGranularity.Tensor));

    public static readonly ChoiceTable<ContextCommunication> ContextComm = new(
        ("p2p", ContextCommunication.P2P), ("all-gather", ContextCommunication.AllGather), ("a2a", ContextCommunication.AllToAll));

    public static readonly ChoiceTable<CollectiveChoice> CollectiveAlgorithm = new(
        ("auto", CollectiveChoice.Auto), ("ring", CollectiveChoice.Ring), ("tree", CollectiveChoice.Tree),
        ("halving-doubling", CollectiveChoice.HalvingDoubling), ("hierarchical", CollectiveChoice.Hierarchical));

    public static readonly ChoiceTable<RankPlacement> Placement = new(
        ("tp-pp-dp", RankPlacement.TensorPipelineData), ("tp-dp-pp", RankPlacement.TensorDataPipeline));

    public static readonly ChoiceTable<Precision> Precision = new(
        ("fp32", Core.Units.Precision.Fp32), ("tf32", Core.Units.Precision.Tf32), ("fp16", Core.Units.Precision.Fp16),
        ("bf16", Core.Units.Precision.Bf16), ("fp8", Core.Units.Precision.Fp8));

    public static readonly ChoiceTable<OptimizerKind> Optimizer = new(("adam", OptimizerKind.Adam), ("sgd", OptimizerKind.Sgd));

    public static readonly ChoiceTable<AttentionImplementation> Attention = new(
        ("flash", AttentionImplementation.Flash), ("flash2", AttentionImplementation.Flash2), ("flash1", AttentionImplementation.Flash1),
        ("flash-triton", AttentionImplementation.FlashTriton), ("unfused", AttentionImplementation.Unfused));

    public static readonly ChoiceTable<ModelFamily> Family = new(
        ("gpt", ModelFamily.Gpt), ("llama", ModelFamily.Llama), ("bert", ModelFamily.Bert), ("vit", ModelFamily.Vit),
        ("resnet", ModelFamily.ResNet), ("cnn", ModelFamily.Cnn), ("mlp", ModelFamily.Mlp));

    public static readonly ChoiceTable<NormKind> Norm = new(("layernorm", NormKind.LayerNorm), ("rmsnorm", NormKind.RmsNorm));

    public static readonly ChoiceTable<MlpKind> Mlp = new(("gelu", MlpKind.Gelu), ("swiglu", MlpKind.SwiGlu));

    public static readonly ChoiceTable<PositionEmbeddingKind> Positions = new(
        ("learned", PositionEmbeddingKind.Learned), ("rotary", PositionEmbeddingKind.Rotary));

    public static readonly ChoiceTable<StorageTierKind> Storage = new(
        ("local-nvme", StorageTierKind.LocalNvme), ("lustre", StorageTierKind.Lustre), ("gpfs", StorageTierKind.Gpfs),
        ("nfs", StorageTierKind.Nfs), ("object-store", StorageTierKind.ObjectStore));
}
