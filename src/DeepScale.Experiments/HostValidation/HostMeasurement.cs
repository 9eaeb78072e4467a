using DeepScale.Core.Units;

namespace DeepScale.Experiments.HostValidation;

/// <summary>
/// The repeated measurements of one trainer configuration (K workers) and their summary: the median over runs of
/// each part, and the spread (smallest and largest run).
/// </summary>
public sealed record HostMeasurement(int Workers, IReadOnlyList<HostTrainerRun> Runs)
{
    /// <summary>The median over the runs of <paramref name="part"/> (the mean of the middle two for an even count).</summary>
    public Duration Median(HostPart part)
    {
        Duration[] values = Values(part);
        if (values.Length == 0)
        {
            throw new InvalidOperationException($"host_validation: no measured run for {Workers} workers");
        }

        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : new Duration((values[(n / 2) - 1].Ticks + values[n / 2].Ticks) / 2);
    }

    /// <summary>The smallest run's <paramref name="part"/>.</summary>
    public Duration Min(HostPart part) => Values(part)[0];

    /// <summary>The largest run's <paramref name="part"/>.</summary>
    public Duration Max(HostPart part) => Values(part)[^1];

    /// <summary>The part of one run.</summary>
    public static Duration Of(HostTrainerRun run, HostPart part)
    {
        ArgumentNullException.ThrowIfNull(run);
        return part switch
        {
            HostPart.StepTime => run.StepTime,
            HostPart.Compute => run.Compute,
            HostPart.AllReduce => run.AllReduce,
            HostPart.Optimizer => run.Optimizer,
            HostPart.DataLoading => run.DataLoading,
            _ => throw new ArgumentOutOfRangeException(nameof(part), part, "not a host part"),
        };
    }

    private Duration[] Values(HostPart part) => [.. Runs.Select(r => Of(r, part)).Order()];
}
