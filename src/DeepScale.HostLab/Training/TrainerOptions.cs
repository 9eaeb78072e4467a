using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.HostLab.Processes;

namespace DeepScale.HostLab.Training;

/// <summary>
/// The configuration of a real data-parallel training run on this host: K worker processes, each owning one
/// shard of a synthetic data set on disk, training replicas of one MLP with SGD and a ring all-reduce of the
/// gradients over loopback TCP. Every field but the paths, timeouts and command changes the result; a seed fixes
/// it (apart from measured times).
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>How to start a worker: an executable and arguments that route to <see cref="TrainerWorker.Run"/>.</summary>
    public required WorkerCommand Command { get; init; }

    /// <summary>Worker processes (data-parallel replicas), K ≥ 1. K above the core count oversubscribes the CPU.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Hidden layer widths of the MLP; input and output widths come from the data set.</summary>
    public ImmutableArray<int> Hidden { get; init; } = [512, 512];

    /// <summary>The non-linearity between layers.</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>The synthetic classification task.</summary>
    public SyntheticDatasetSpec Dataset { get; init; } = new();

    /// <summary>Samples per worker per step; the global batch is Workers × MicroBatch.</summary>
    public int MicroBatch { get; init; } = 64;

    /// <summary>Optimizer steps.</summary>
    public int Steps { get; init; } = 300;

    /// <summary>Leading steps left out of the time means (JIT compilation, cold caches, connection ramp-up).</summary>
    public int WarmupSteps { get; init; } = 30;

    /// <summary>SGD step size η.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Momentum μ in [0, 1); 0 is plain SGD.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Seeds the data set and the initial weights.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>GEMM threads inside each worker.</summary>
    public int ThreadsPerWorker { get; init; } = 1;

    /// <summary>The longest a ring rendezvous or transfer may go without progress before a worker gives up.</summary>
    public Duration CommunicationTimeout { get; init; } = Duration.FromSeconds(30);

    /// <summary>The longest the whole run may take before every worker is stopped.</summary>
    public Duration RunTimeout { get; init; } = Duration.FromMinutes(10);

    /// <summary>Where shards, configuration, ring ports and worker reports go. Null: a fresh temporary directory,
    /// deleted afterwards unless <see cref="KeepWorkDirectory"/>. A given directory is kept.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Keep the temporary work directory (for inspection).</summary>
    public bool KeepWorkDirectory { get; init; }

    /// <summary>Where to write the result record as JSON (atomically), or null for none.</summary>
    public string? ResultPath { get; init; }

    /// <summary>An injected worker failure, or null.</summary>
    public WorkerFault? Fault { get; init; }

    /// <summary>Layer widths from input to output: features, hidden…, classes.</summary>
    public ImmutableArray<int> LayerWidths => [Dataset.Features, .. Hidden, Dataset.Classes];

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Command);
        ArgumentNullException.ThrowIfNull(Dataset);
        Dataset.Validate();
        AtLeast(Workers, 1, "trainer.workers");
        AtLeast(MicroBatch, 1, "trainer.micro_batch");
        AtLeast(Steps, 1, "trainer.steps");
        AtLeast(ThreadsPerWorker, 1, "trainer.threads_per_worker");
        if (WarmupSteps < 0 || WarmupSteps >= Steps)
        {
            throw new ArgumentOutOfRangeException("trainer.warmup_steps", WarmupSteps,
                $"trainer.warmup_steps: {WarmupSteps} must be in [0, steps = {Steps})");
        }

        if (Hidden.IsDefault || Hidden.Any(w => w < 1))
        {
            throw new ArgumentOutOfRangeException("trainer.hidden", "trainer.hidden: every hidden width must be at least 1");
        }

        if (Workers > Dataset.TrainSamples)
        {
            throw new ArgumentOutOfRangeException("trainer.workers", Workers,
                $"trainer.workers: {Workers} is more than the {Dataset.TrainSamples} training samples");
        }

        if (!double.IsFinite(LearningRate) || LearningRate <= 0)
        {
            throw new ArgumentOutOfRangeException("trainer.learning_rate", LearningRate, $"trainer.learning_rate: {LearningRate} must be positive");
        }

        if (!double.IsFinite(Momentum) || Momentum < 0 || Momentum >= 1)
        {
            throw new ArgumentOutOfRangeException("trainer.momentum", Momentum, $"trainer.momentum: {Momentum} must be in [0, 1)");
        }

        if (CommunicationTimeout <= Duration.Zero || RunTimeout <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException("trainer.communication_timeout", "trainer: timeouts must be positive");
        }

        if (Fault is not null && (Fault.Rank < 0 || Fault.Rank >= Workers || Fault.Step < 0 || Fault.Step >= Steps))
        {
            throw new ArgumentOutOfRangeException("trainer.fault", $"trainer.fault: rank {Fault.Rank} step {Fault.Step} is outside the run");
        }
    }

    private static void AtLeast(int value, int min, string field)
    {
        if (value < min)
        {
            throw new ArgumentOutOfRangeException(field, value, $"{field}: {value} must be at least {min}");
        }
    }
}
