using DeepScale.Core.Units;

namespace DeepScale.HostLab.Training;

/// <summary>
/// The record of one real data-parallel training run: its configuration, the work one step does, every worker's
/// per-step timings, the loss curve and training accuracy per step (global batch), the held-out accuracy before
/// and after training, and whether the replicas ended bit-identical. Deterministic given the options, apart from
/// the measured times.
/// </summary>
public sealed record TrainerResult
{
    public required TrainerOptions Options { get; init; }

    /// <summary>Trainable parameters of the model.</summary>
    public required int ParameterCount { get; init; }

    /// <summary>The buffer each step all-reduces: the gradients plus the batch loss and the correct count.</summary>
    public required Bytes AllReduceBytes { get; init; }

    /// <summary>FLOPs of one worker's forward pass and loss per step.</summary>
    public required FlopCount ForwardFlopsPerStep { get; init; }

    /// <summary>FLOPs of one worker's backward pass per step.</summary>
    public required FlopCount BackwardFlopsPerStep { get; init; }

    /// <summary>FLOPs of one worker's optimizer update per step.</summary>
    public required FlopCount OptimizerFlopsPerStep { get; init; }

    /// <summary>Per-worker step timings, by rank.</summary>
    public required IReadOnlyList<WorkerTrace> Workers { get; init; }

    /// <summary>Mean training loss of the global batch at each step.</summary>
    public required IReadOnlyList<double> Loss { get; init; }

    /// <summary>Fraction of the global batch classified correctly at each step (before that step's update).</summary>
    public required IReadOnlyList<double> TrainAccuracy { get; init; }

    /// <summary>Held-out accuracy of the initial weights (about 1 / classes).</summary>
    public required double InitialTestAccuracy { get; init; }

    /// <summary>Held-out accuracy after the last step.</summary>
    public required double FinalTestAccuracy { get; init; }

    /// <summary>Held-out mean cross-entropy after the last step.</summary>
    public required double FinalTestLoss { get; init; }

    /// <summary>True when every worker's final parameters hash to the same value.</summary>
    public required bool ReplicasIdentical { get; init; }

    /// <summary>SHA-256 of rank 0's final parameters (hex), a fingerprint of the whole trajectory.</summary>
    public required string ParameterDigest { get; init; }

    /// <summary>The launcher's wall time: data set, process start-up, training, evaluation and reports.</summary>
    public required Duration Wall { get; init; }

    /// <summary>The GEMM micro-kernel the workers ran ("avx512", "avx2", "portable").</summary>
    public required string GemmKernel { get; init; }

    /// <summary>Logical processors of this host.</summary>
    public required int ProcessorCount { get; init; }

    /// <summary>The part-by-part mean over all workers' measured steps.</summary>
    public StepTiming MeanStep => StepTiming.Mean(Workers.SelectMany(w => w.MeasuredSteps).ToArray());
}
