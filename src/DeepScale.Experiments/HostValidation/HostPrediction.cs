using DeepScale.Core.Units;

namespace DeepScale.Experiments.HostValidation;

/// <summary>
/// What the simulator predicts for one configuration of the real CPU trainer before it runs: the step time of K
/// worker processes and where it goes, in the trainer's own parts (compute = forward + backward, the gradient
/// all-reduce including the wait for the slowest worker, the optimizer step, data loading), with whatever else the
/// replay found (a worker idle at the end of the step waiting for the others) kept apart.
/// </summary>
/// <param name="Workers">Worker processes K.</param>
/// <param name="Model">The model's name in reports (e.g. <c>mlp-32-512-512-10</c>).</param>
/// <param name="StepTime">Predicted time of one training step.</param>
/// <param name="Forward">Forward pass and loss.</param>
/// <param name="Backward">Backward pass.</param>
/// <param name="AllReduce">Gradient all-reduce the step waits for (exposed data-parallel communication).</param>
/// <param name="Optimizer">Optimizer update.</param>
/// <param name="DataLoading">Time the step waits for its batch (data stall).</param>
/// <param name="Other">The rest of the step (idle at the end waiting for the slowest worker).</param>
public sealed record HostPrediction(
    int Workers,
    string Model,
    Duration StepTime,
    Duration Forward,
    Duration Backward,
    Duration AllReduce,
    Duration Optimizer,
    Duration DataLoading,
    Duration Other)
{
    /// <summary>Forward plus backward.</summary>
    public Duration Compute => Forward + Backward;
}
