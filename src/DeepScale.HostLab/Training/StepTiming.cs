using DeepScale.Core.Units;

namespace DeepScale.HostLab.Training;

/// <summary>
/// Where one worker's training step went, measured by the wall clock: reading the micro-batch from its shard,
/// the forward pass with the loss, the backward pass, the gradient all-reduce (including the wait for the
/// slowest replica) and the optimizer update. The parts are contiguous, so <see cref="Total"/> is the step time.
/// </summary>
public readonly record struct StepTiming(Duration DataLoading, Duration Forward, Duration Backward, Duration AllReduce, Duration Optimizer)
{
    /// <summary>The step's wall time: the sum of the parts.</summary>
    public Duration Total => DataLoading + Forward + Backward + AllReduce + Optimizer;

    /// <summary>Forward plus backward.</summary>
    public Duration Compute => Forward + Backward;

    /// <summary>The part-by-part mean of <paramref name="steps"/> (Zero for none).</summary>
    public static StepTiming Mean(IReadOnlyCollection<StepTiming> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0)
        {
            return default;
        }

        long n = steps.Count;
        return new StepTiming(
            Average(steps.Sum(s => s.DataLoading.Ticks), n),
            Average(steps.Sum(s => s.Forward.Ticks), n),
            Average(steps.Sum(s => s.Backward.Ticks), n),
            Average(steps.Sum(s => s.AllReduce.Ticks), n),
            Average(steps.Sum(s => s.Optimizer.Ticks), n));
    }

    private static Duration Average(long sum, long n) => new((long)Math.Round((double)sum / n));
}
