using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;

namespace DeepScale.Experiments.Sweeps;

/// <summary>How <see cref="SweepRunner"/> runs a sweep: parallelism, earlier results to reuse, checkpoints, progress.</summary>
public sealed record SweepRunOptions
{
    /// <summary>Points simulated at once (default: one per core).</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;

    /// <summary>Options passed to every <see cref="ScenarioRunner.Run"/>.</summary>
    public RunOptions Run { get; init; } = new();

    /// <summary>Results of an earlier run of the sweep, by point key; a point whose key is here is not simulated again.</summary>
    public IReadOnlyDictionary<SweepPointKey, RunResult> Previous { get; init; } = new Dictionary<SweepPointKey, RunResult>();

    /// <summary>Checkpoint after this many newly finished points …</summary>
    public int CheckpointEveryPoints { get; init; } = 8;

    /// <summary>… or when this much time has passed since the last checkpoint, whichever comes first.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Receives every finished point so far, in sweep order, at each checkpoint and once at the end (on the
    /// thread that called <see cref="SweepRunner.Run"/>).</summary>
    public Action<IReadOnlyList<SweepPointResult>>? Checkpoint { get; init; }

    /// <summary>Receives progress after each finished point (on the thread that called <see cref="SweepRunner.Run"/>).</summary>
    public Action<SweepProgress>? Progress { get; init; }

    /// <summary>Stop, as on cancellation, once this many points have been newly simulated (null: run them all).</summary>
    public int? StopAfter { get; init; }
}
