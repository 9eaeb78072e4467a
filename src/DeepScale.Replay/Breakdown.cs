using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Parallelism.Schedules;

namespace DeepScale.Replay;

/// <summary>An iteration's time split into named parts that add up to the iteration time.</summary>
public sealed record Breakdown(ImmutableArray<Duration> Parts)
{
    public static Breakdown Empty { get; } = new(ImmutableArray.Create(new Duration[Enum.GetValues<TimeCategory>().Length]));

    public Duration this[TimeCategory category] => Parts[(int)category];

    public Duration Total => Parts.Aggregate(Duration.Zero, (a, b) => a + b);
}
