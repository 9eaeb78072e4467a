using DeepScale.Experiments.Results;

namespace DeepScale.Reporting.Inputs;

/// <summary>
/// What it takes to train a job on one configuration: wall time and money. Both follow from a result and the
/// iteration count: time = iterations · <c>iteration_time_s</c>, cost = iterations · <c>usd_per_iteration</c>.
/// </summary>
/// <remarks>Times are plain seconds, as in the result contract, because a slow baseline (a CPU, an old GPU) can take
/// longer than the 2.9-year range of a simulation <c>Duration</c>.</remarks>
public sealed record CostTimePoint(string Label, double TimeToTrainSeconds, double CostUsd)
{
    public string Label { get; } = string.IsNullOrWhiteSpace(Label)
        ? throw new ArgumentException("A point label must not be empty.", nameof(Label))
        : Label;

    public double TimeToTrainSeconds { get; } = double.IsFinite(TimeToTrainSeconds) && TimeToTrainSeconds > 0
        ? TimeToTrainSeconds
        : throw new ArgumentOutOfRangeException(nameof(TimeToTrainSeconds), TimeToTrainSeconds, $"point '{Label}': time to train must be finite and positive.");

    public double CostUsd { get; } = double.IsFinite(CostUsd) && CostUsd >= 0
        ? CostUsd
        : throw new ArgumentOutOfRangeException(nameof(CostUsd), CostUsd, $"point '{Label}': cost must be finite and not negative.");

    /// <summary>The point for training <paramref name="iterations"/> iterations of the configuration in <paramref name="result"/>.</summary>
    public static CostTimePoint FromResult(string label, RunResult result, long iterations)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        return new CostTimePoint(label, iterations * result.IterationTimeS, iterations * result.Cost.UsdPerIteration);
    }
}
