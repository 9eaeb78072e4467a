using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;

namespace DeepScale.Parallelism.Schedules;

/// <summary>
/// One operation of a stage program: its stream, what it does, what it costs, what it waits for, and what it
/// allocates or frees in device memory. Operations name peers by role (my tensor group, the next stage), so one
/// program serves every rank of a pipeline stage.
/// </summary>
public sealed record ScheduleOp
{
    /// <summary>Position in the program; dependencies point to earlier positions.</summary>
    public required int Index { get; init; }

    public required OpKind Kind { get; init; }

    public required StreamKind Stream { get; init; }

    /// <summary>Where its busy time counts (compute ops) or where idle time waiting for it counts (communication).</summary>
    public required TimeCategory Category { get; init; }

    /// <summary>What the op does, without its micro-batch and chunk (shared by every micro-batch's copy).</summary>
    public required string Name { get; init; }

    /// <summary>The name with the micro-batch and chunk, for traces.</summary>
    public string DisplayName => Microbatch < 0 ? Name : Chunk > 0 ? $"{Name} mb{Microbatch} c{Chunk}" : $"{Name} mb{Microbatch}";

    public int Microbatch { get; init; } = -1;

    public int Chunk { get; init; }

    /// <summary>Device time of a compute op (already including launch and host overheads).</summary>
    public Duration Duration { get; init; }

    /// <summary>Model FLOPs (no recomputation) done by a compute op on this rank.</summary>
    public FlopCount ModelFlops { get; init; }

    /// <summary>FLOPs actually executed (recomputation included).</summary>
    public FlopCount HardwareFlops { get; init; }

    public CollectiveOp Collective { get; init; }

    public GroupRole Group { get; init; }

    /// <summary>Bytes of a collective (NCCL's size convention), a transfer, or a batch read.</summary>
    public Bytes Bytes { get; init; }

    /// <summary>SMs a collective running beside compute holds (0: its group's NCCL channel count).</summary>
    public int Channels { get; init; }

    /// <summary>For sends and receives: the pipeline stage at the other end.</summary>
    public int PeerStage { get; init; } = -1;

    /// <summary>For sends and receives: the key both ends agree on (direction, micro-batch, receiving chunk).</summary>
    public int MatchKey { get; init; }

    /// <summary>Earlier ops (by index) that must complete before this one starts, beyond its stream predecessor.</summary>
    public ImmutableArray<int> Dependencies { get; init; } = [];

    /// <summary>Device memory taken when the op starts (activations saved for backward, buffers).</summary>
    public Bytes Allocates { get; init; }

    /// <summary>Device memory given back when the op ends.</summary>
    public Bytes Frees { get; init; }

    public override string ToString() => $"#{Index} {Kind} {Name} on {Stream}";
}
