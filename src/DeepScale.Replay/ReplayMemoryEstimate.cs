using System.Globalization;

using DeepScale.Core;
using DeepScale.Core.Units;

namespace DeepScale.Replay;

/// <summary>
/// The memory a replay holds at its peak, estimated from its size before it starts, and the check that refuses a
/// full-fidelity replay that would not fit in the memory available to the process (rather than letting it thrash).
/// A full replay keeps, for every simulated rank, per-operation state of its stage program (done flags, end times,
/// signal events) and a per-rank runtime, so its peak grows with ranks × operations per rank.
/// </summary>
public static class ReplayMemoryEstimate
{
    /// <summary>
    /// Live bytes per (rank, operation) of a full replay. Measured on this code base by sampling
    /// GC.GetTotalMemory during full replays of DGX A100 clusters and fitting live = a·(rank·ops) + b·ranks:
    /// GPT-3 1.7B at TP 2 · PP 4 · DP 32 (256 ranks × 740 ops: 10.1 MB above the baseline) and GPT-3 175B at
    /// TP 8 · PP 16 · DP 8, global batch 1536 (1,024 ranks × 17,503 ops: 506 MB) give a = 27 B and b = 19 KiB.
    /// The same runs allocated 267–479 B per (rank, operation) in total (GC.GetAllocatedBytesForCurrentThread,
    /// about 350 B per kernel event), most of it short-lived events that never coexist.
    /// </summary>
    public static readonly Bytes PerRankOperation = new(27);

    /// <summary>
    /// Bytes per (rank, operation) of the links a critical path is read from (<see cref="ReplayInput.RecordCriticalPath"/>):
    /// a start time, a cause, a peer rank, a peer operation and a peer time (8 + 4 + 4 + 4 + 8).
    /// </summary>
    public static readonly Bytes PerRankOperationLinks = new(28);

    /// <summary>Live bytes per simulated rank besides its operations (runtime, group plans, routes); fitted as above.</summary>
    public static readonly Bytes PerRank = Bytes.FromKiB(19);

    /// <summary>
    /// Bytes per kept trace span: a record of rank, stream, name reference, category and two instants (56 B with
    /// its object header on 64-bit .NET) plus its list slot (8 B).
    /// </summary>
    public static readonly Bytes PerTraceSpan = new(64);

    /// <summary>Ranks a replay of <paramref name="input"/> simulates.</summary>
    public static long SimulatedRanks(ReplayInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Mode == ReplayMode.Full ? input.Grid.Size : input.Grid.Pipeline;
    }

    /// <summary>The estimated peak memory of replaying <paramref name="input"/>.</summary>
    public static Bytes Of(ReplayInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        long ranksPerStage = SimulatedRanks(input) / Math.Max(1, input.Grid.Pipeline);
        double rankOperations = input.Programs.Sum(p => (double)p.Ops.Count) * ranksPerStage;
        double opsPerRank = input.Programs.Count == 0 ? 0 : input.Programs.Average(p => (double)p.Ops.Count);
        double traced = Math.Min(input.TraceRanks, SimulatedRanks(input)) * opsPerRank * Math.Max(1, input.MeasuredIterations);
        Bytes perOperation = PerRankOperation + (input.RecordCriticalPath ? PerRankOperationLinks : Bytes.Zero);
        return (perOperation * rankOperations) + (PerRank * SimulatedRanks(input)) + (PerTraceSpan * traced);
    }

    /// <summary>Memory the process may use: what the garbage collector reports available (the machine's or the container's limit).</summary>
    public static Bytes Available() => new(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>
    /// Refuses, before anything is simulated, a full-fidelity replay whose estimate exceeds
    /// <see cref="ReplayInput.MemoryLimit"/> (or the memory available to the process): a
    /// <see cref="SpecFieldException"/> on <c>fidelity</c> that gives the estimate and the limit and points to the
    /// symmetric fidelity. Symmetric replays simulate one rank per stage and are never refused.
    /// </summary>
    public static void EnsureFits(ReplayInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Mode != ReplayMode.Full)
        {
            return;
        }

        Bytes estimate = Of(input);
        Bytes limit = input.MemoryLimit ?? Available();
        if (estimate > limit)
        {
            double opsPerRank = input.Programs.Count == 0 ? 0 : input.Programs.Average(p => (double)p.Ops.Count);
            throw new SpecFieldException("fidelity", string.Create(CultureInfo.InvariantCulture,
                $"a full replay of {input.Grid.Size} ranks × {opsPerRank:F0} operations needs about {estimate.GiBs:F1} GiB, more than the {limit.GiBs:F1} GiB available; use fidelity: symmetric"));
        }
    }
}
