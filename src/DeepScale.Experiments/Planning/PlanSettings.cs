using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

using DeepScale.Experiments.Spec;
using DeepScale.Workloads.Accounting;

namespace DeepScale.Experiments.Planning;

/// <summary>
/// One point of the planner's search space: the cluster (GPU count, node shape, cloud instance type) and the
/// parallel strategy (tensor × context × pipeline × data sizes, micro-batch, interleaving, ZeRO stage or distributed optimizer,
/// recomputation, sequence parallelism). Everything else comes from the spec. Immutable; the JSON names are those
/// of the spec keys they set.
/// </summary>
public sealed record PlanSettings
{
    [JsonPropertyName("gpus")] public int Gpus => Nodes * GpusPerNode;

    [JsonPropertyName("nodes")] public required int Nodes { get; init; }

    [JsonPropertyName("gpus_per_node")] public required int GpusPerNode { get; init; }

    /// <summary>Catalog system the nodes are modelled on.</summary>
    [JsonPropertyName("system")] public required string System { get; init; }

    /// <summary>Catalog accelerator id.</summary>
    [JsonPropertyName("accelerator")] public required string Accelerator { get; init; }

    /// <summary>Cloud provider when the nodes are cloud instances; null on premises.</summary>
    [JsonPropertyName("cloud_provider")] public string? CloudProvider { get; init; }

    /// <summary>Cloud instance type as the provider spells it; null on premises.</summary>
    [JsonPropertyName("cloud_instance")] public string? CloudInstance { get; init; }

    [JsonPropertyName("tensor")] public required int Tensor { get; init; }

    /// <summary>Context-parallel size: ranks that split each sequence.</summary>
    [JsonPropertyName("context")] public int Context { get; init; } = 1;

    /// <summary>How context-parallel ranks exchange keys and values; in JSON as its spec spelling (<see cref="ContextCommunicationName"/>).</summary>
    [JsonIgnore] public ContextCommunication ContextCommunication { get; init; } = ContextCommunication.P2P;

    [JsonPropertyName("context_comm")] public string ContextCommunicationName => SpecChoices.ContextComm.SpellingOf(ContextCommunication);

    [JsonPropertyName("pipeline")] public required int Pipeline { get; init; }

    [JsonPropertyName("data")] public required int Data { get; init; }

    [JsonPropertyName("micro_batch")] public required int MicroBatch { get; init; }

    /// <summary>Micro-batches each pipeline runs per iteration.</summary>
    [JsonPropertyName("microbatches")] public required int Microbatches { get; init; }

    /// <summary>Model chunks per GPU: 1 runs the 1F1B schedule, more the interleaved one.</summary>
    [JsonPropertyName("virtual_stages")] public required int VirtualStages { get; init; }

    [JsonPropertyName("schedule")] public string Schedule => VirtualStages > 1 ? "interleaved-1f1b" : "1f1b";

    [JsonPropertyName("zero")] public required int ZeroStage { get; init; }

    [JsonPropertyName("distributed_optimizer")] public required bool DistributedOptimizer { get; init; }

    /// <summary>Activation recomputation; in JSON as its spec spelling (<see cref="RecomputeName"/>).</summary>
    [JsonIgnore] public RecomputeMode Recompute { get; init; }

    [JsonPropertyName("recompute")] public string RecomputeName => SpecChoices.Recompute.SpellingOf(Recompute);

    [JsonPropertyName("sequence_parallel")] public required bool SequenceParallel { get; init; }

    /// <summary>A compact label: "t8 p16 d8 b1 v2 zero1 full-recompute sp" ("t4 c2 …" with context parallelism), prefixed in the cloud by the instance count and type.</summary>
    [JsonIgnore]
    public string Label => CloudInstance is null ? StrategyLabel : $"{Nodes.ToString(CultureInfo.InvariantCulture)}x {CloudInstance} {StrategyLabel}";

    /// <summary>The parallel strategy alone: "t8 p16 d8 b1 v2 zero1 full-recompute sp".</summary>
    [JsonIgnore]
    public string StrategyLabel
    {
        get
        {
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"t{Tensor}");
            if (Context > 1)
            {
                sb.Append(CultureInfo.InvariantCulture, $" c{Context}");
                if (ContextCommunication != ContextCommunication.P2P)
                {
                    sb.Append(' ').Append(ContextCommunicationName);
                }
            }

            sb.Append(CultureInfo.InvariantCulture, $" p{Pipeline} d{Data} b{MicroBatch}");
            if (VirtualStages > 1)
            {
                sb.Append(CultureInfo.InvariantCulture, $" v{VirtualStages}");
            }

            if (Sharding != "none")
            {
                sb.Append(' ').Append(Sharding);
            }

            if (Recompute != RecomputeMode.None)
            {
                sb.Append(' ').Append(RecomputeName).Append("-recompute");
            }

            if (SequenceParallel)
            {
                sb.Append(" sp");
            }

            return sb.ToString();
        }
    }

    /// <summary>The optimizer sharding in words: "none", "zero1" … "zero3", "distopt".</summary>
    [JsonIgnore]
    public string Sharding => DistributedOptimizer ? "distopt" : ZeroStage == 0 ? "none" : $"zero{ZeroStage}";
}
