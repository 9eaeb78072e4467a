using DeepScale.Core.Units;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;

namespace DeepScale.Replay;

/// <summary>Everything a replay needs: one program per pipeline stage, the rank grid and where each rank runs.</summary>
public sealed record ReplayInput
{
    /// <summary>The program of each pipeline stage, indexed by stage.</summary>
    public required IReadOnlyList<StageProgram> Programs { get; init; }

    public required RankGrid Grid { get; init; }

    /// <summary>The accelerator each global rank runs on.</summary>
    public required IReadOnlyList<DeviceId> DeviceOfRank { get; init; }

    /// <summary>Device memory of one accelerator.</summary>
    public Bytes MemoryCapacity { get; init; } = new(double.PositiveInfinity);

    /// <summary>Memory held for the whole iteration on each stage's ranks (weights, gradients, optimizer states, buffers).</summary>
    public IReadOnlyList<Bytes> StaticMemoryByStage { get; init; } = [];

    public ReplayMode Mode { get; init; } = ReplayMode.Symmetric;

    /// <summary>Iterations to run back to back (more than one reaches a steady state when data loading carries
    /// over between iterations).</summary>
    public int Iterations { get; init; } = 1;

    /// <summary>How many of the last iterations the result averages (a loader that delivers batches in waves
    /// makes single iterations differ).</summary>
    public int MeasuredIterations { get; init; } = 1;

    /// <summary>
    /// Streaming multiprocessors of a device, for the slowdown of compute-stream work while collectives run beside it
    /// on the rank's communication streams: their channels hold SMs (<c>KernelInterference</c>), so such work
    /// progresses at (P − c)/P for as long as they run, and at full speed otherwise. 0: no interference (a CPU).
    /// </summary>
    public int Multiprocessors { get; init; }

    /// <summary>Channels (SMs) a data-parallel collective holds while it runs.</summary>
    public int DataChannels { get; init; }

    /// <summary>Channels (SMs) a tensor-parallel collective holds while it runs, unless its op names its own (<see cref="ScheduleOp.Channels"/>).</summary>
    public int TensorChannels { get; init; }

    /// <summary>The input pipeline, or null when input batches are in memory (a take-batch op then costs nothing).</summary>
    public DataLoading? Data { get; init; }

    /// <summary>
    /// Ranks that share their hosts' cores (worker processes of one machine), or null when every rank owns its
    /// device. When set, compute ops are work on the shared processors and collectives within a host run over loopback.
    /// </summary>
    public SharedCpu? SharedCpu { get; init; }

    /// <summary>
    /// Speed of each global rank's device relative to the speed the schedule's compute durations assume (null: all
    /// 1): a rank at 0.97 takes 1/0.97 as long for every compute op. Devices of one SKU differ in sustained speed.
    /// </summary>
    public IReadOnlyList<double>? RankSpeed { get; init; }

    /// <summary>
    /// Records what released every op so that the output carries the last iteration's critical path
    /// (<see cref="ReplayOutput.CriticalPath"/>); costs five numbers per op of every simulated rank.
    /// </summary>
    public bool RecordCriticalPath { get; init; }

    /// <summary>Ranks whose spans are kept for a trace (0: none); the first stages' representatives come first.</summary>
    public int TraceRanks { get; init; }

    /// <summary>
    /// Memory a full replay may use; null: what the garbage collector reports available to the process. A full
    /// replay whose estimate (<see cref="ReplayMemoryEstimate"/>) exceeds it is refused before it starts.
    /// </summary>
    public Bytes? MemoryLimit { get; init; }
}
