using System.Collections.Immutable;

using DeepScale.Core.Units;

namespace DeepScale.Replay;

/// <summary>What a replay measured for the last iteration.</summary>
public sealed record ReplayOutput
{
    public required Duration IterationTime { get; init; }

    /// <summary>The breakdown of the rank that finished last (the one that sets the iteration time).</summary>
    public required Breakdown Breakdown { get; init; }

    /// <summary>Pipeline stage of that rank.</summary>
    public required int CriticalStage { get; init; }

    /// <summary>Peak device memory per stage (the largest over the stage's simulated ranks).</summary>
    public required ImmutableArray<Bytes> PeakMemoryByStage { get; init; }

    /// <summary>Fraction of the iteration the compute streams were busy, averaged over simulated ranks.</summary>
    public required double ComputeUtilization { get; init; }

    /// <summary>Simulated ranks.</summary>
    public required int SimulatedRanks { get; init; }

    /// <summary>Kernel events processed.</summary>
    public required long Events { get; init; }

    public ImmutableArray<TraceSpan> Spans { get; init; } = [];

    /// <summary>
    /// The last iteration's critical path, in time order: contiguous segments of the operations (on whichever
    /// simulated rank) whose chain set the iteration's length; empty unless <see cref="ReplayInput.RecordCriticalPath"/>.
    /// </summary>
    public ImmutableArray<TraceSpan> CriticalPath { get; init; } = [];

    /// <summary>Time on the critical path by category (equal to the iteration time in total when the path was recorded).</summary>
    public Breakdown CriticalPathBreakdown => Replay.CriticalPath.Summarize(CriticalPath);
}
