using DeepScale.Core.Units;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;
using DeepScale.Workloads.Memory;

namespace DeepScale.Parallelism.Strategies;

/// <summary>
/// A training iteration as per-stage programs, with what the replay and the result need alongside: the static
/// memory of each stage, the FLOPs and samples of an iteration, and the parameter count.
/// </summary>
public sealed record TrainingSchedule
{
    public required TrainingLayout Layout { get; init; }

    public required RankGrid Grid { get; init; }

    /// <summary>One program per pipeline stage.</summary>
    public required IReadOnlyList<StageProgram> Programs { get; init; }

    /// <summary>The memory breakdown of each stage's ranks, with activations for the schedule's micro-batches in flight.</summary>
    public required IReadOnlyList<MemoryBreakdown> MemoryByStage { get; init; }

    /// <summary>Memory a stage's ranks hold all iteration (everything but the activations the programs allocate and free).</summary>
    public required IReadOnlyList<Bytes> StaticMemoryByStage { get; init; }

    /// <summary>Model FLOPs of one iteration over the whole cluster (no recomputation; Korthikanti et al. 2022).</summary>
    public required FlopCount ModelFlopsPerIteration { get; init; }

    /// <summary>FLOPs executed in one iteration over the whole cluster, recomputation included.</summary>
    public required FlopCount HardwareFlopsPerIteration { get; init; }

    public required long Parameters { get; init; }

    public required long SamplesPerIteration { get; init; }

    /// <summary>Tokens per iteration (samples × sequence length for transformers, 0 otherwise).</summary>
    public required long TokensPerIteration { get; init; }
}
