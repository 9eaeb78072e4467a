using DeepScale.Core.Units;

namespace DeepScale.Experiments.HostValidation;

/// <summary>
/// One measured run of the real CPU trainer: its configuration, the mean step time over every worker's steps after
/// the warm-up and its parts as the trainer times them, and how much CPU other processes of the machine used
/// meanwhile (a run disturbed by them is not comparable with a prediction for an otherwise idle host).
/// </summary>
/// <param name="Workers">Worker processes K.</param>
/// <param name="Steps">Training steps.</param>
/// <param name="WarmupSteps">Leading steps left out of the means.</param>
/// <param name="StepTime">Mean step time over the measured steps of all workers.</param>
/// <param name="MedianStepTime">Median of the same steps.</param>
/// <param name="DataLoading">Mean time reading the micro-batch from the shard.</param>
/// <param name="Forward">Mean forward pass and loss.</param>
/// <param name="Backward">Mean backward pass.</param>
/// <param name="AllReduce">Mean gradient all-reduce, including the wait for the slowest worker.</param>
/// <param name="Optimizer">Mean optimizer update.</param>
/// <param name="OtherLoadPercent">CPU time used by processes outside the run during it, in percent of one core
/// (NaN where the operating system does not report it).</param>
/// <param name="FinalTestAccuracy">Held-out accuracy after training (the run really learned).</param>
public sealed record HostTrainerRun(
    int Workers,
    int Steps,
    int WarmupSteps,
    Duration StepTime,
    Duration MedianStepTime,
    Duration DataLoading,
    Duration Forward,
    Duration Backward,
    Duration AllReduce,
    Duration Optimizer,
    double OtherLoadPercent,
    double FinalTestAccuracy)
{
    /// <summary>Forward plus backward.</summary>
    public Duration Compute => Forward + Backward;
}
