using System.Collections.Immutable;

using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Planning;

/// <summary>
/// The strategy axes the planner enumerates beside the tensor, pipeline and data sizes (which are every divisor that
/// fits): micro-batch sizes, model chunks per GPU (1 = 1F1B, more = interleaved 1F1B), ZeRO stages and Megatron's
/// distributed optimizer, recomputation policies, sequence parallelism, and whether tensor parallelism may span
/// nodes. The defaults are the search of the planner issue: micro-batches 1–8, interleaving 1–4, ZeRO 0–3, the
/// three recompute policies, sequence parallelism on and off, tensor parallelism within a node. Immutable.
/// </summary>
/// <remarks>
/// GPipe is not enumerated: under the model it is never better than 1F1B (the analytical time of both is the same
/// closed form, and GPipe keeps all m micro-batches' activations where 1F1B keeps at most p − s).
/// </remarks>
public sealed record PlanSearchSpace
{
    public ImmutableArray<int> MicroBatches { get; init; } = [1, 2, 3, 4, 5, 6, 7, 8];

    /// <summary>Model chunks per GPU; 1 is the 1F1B schedule, 2 and more the interleaved schedule.</summary>
    public ImmutableArray<int> VirtualStages { get; init; } = [1, 2, 3, 4];

    public ImmutableArray<int> ZeroStages { get; init; } = [0, 1, 2, 3];

    /// <summary>Also try Megatron's distributed optimizer (with ZeRO stage 0).</summary>
    public bool DistributedOptimizer { get; init; } = true;

    public ImmutableArray<RecomputeMode> Recompute { get; init; } = [RecomputeMode.None, RecomputeMode.Selective, RecomputeMode.Full];

    /// <summary>Sequence-parallel settings tried when the tensor size is above one.</summary>
    public ImmutableArray<bool> SequenceParallel { get; init; } = [false, true];

    /// <summary>
    /// Context-parallel sizes to try; empty (the default) keeps the spec's <c>parallelism.context</c>. Sizes that do
    /// not split the sequence into 2c chunks, or that meet an unfused attention, are left out.
    /// </summary>
    public ImmutableArray<int> Context { get; init; } = [];

    /// <summary>
    /// How context-parallel ranks exchange keys and values, tried wherever the context size is above one; empty (the
    /// default) keeps the spec's <c>parallelism.context_comm</c>. The all-to-all form is left out where the context
    /// ranks cannot share a rank's heads.
    /// </summary>
    public ImmutableArray<ContextCommunication> ContextCommunications { get; init; } = [];

    /// <summary>Let a tensor-parallel group span nodes (off: the tensor size is at most the GPUs of a node).</summary>
    public bool TensorAcrossNodes { get; init; }

    /// <summary>Apply the safe pruning rules (off only to check that they are safe).</summary>
    public bool Prune { get; init; } = true;

    /// <summary>Checks every axis; throws <see cref="PlanException"/> naming the axis otherwise.</summary>
    public PlanSearchSpace Validate()
    {
        Require(MicroBatches, "micro-batches", 1, WorkloadLimits.MaxMicroBatch);
        Require(VirtualStages, "virtual stages", 1, WorkloadLimits.MaxLayers);
        if (!Context.IsDefaultOrEmpty)
        {
            Require(Context, "context sizes", 1, WorkloadLimits.MaxParallelDegree);
        }

        if (!ContextCommunications.IsDefaultOrEmpty && (ContextCommunications.Distinct().Count() != ContextCommunications.Length
            || ContextCommunications.Any(c => !Enum.IsDefined(c))))
        {
            throw new PlanException("context communication forms: each of p2p, all-gather and a2a at most once");
        }

        Require(ZeroStages, "ZeRO stages", 0, 3);
        if (Recompute.IsDefaultOrEmpty || Recompute.Distinct().Count() != Recompute.Length || Recompute.Any(r => !Enum.IsDefined(r)))
        {
            throw new PlanException("search space: recompute policies must be a non-empty list of distinct policies (none, selective, full)");
        }

        if (SequenceParallel.IsDefaultOrEmpty || SequenceParallel.Distinct().Count() != SequenceParallel.Length)
        {
            throw new PlanException("search space: sequence-parallel settings must be a non-empty list of distinct booleans");
        }

        return this;
    }

    private static void Require(ImmutableArray<int> values, string axis, int min, int max)
    {
        if (values.IsDefaultOrEmpty)
        {
            throw new PlanException($"search space: {axis} must not be empty");
        }

        if (values.Any(v => v < min || v > max))
        {
            throw new PlanException($"search space: {axis} must lie in [{min}, {max}], got {string.Join(", ", values)}");
        }

        if (values.Distinct().Count() != values.Length)
        {
            throw new PlanException($"search space: {axis} are listed twice ({string.Join(", ", values)})");
        }
    }
}
