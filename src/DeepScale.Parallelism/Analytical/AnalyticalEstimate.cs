using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Parallelism.Schedules;

namespace DeepScale.Parallelism.Analytical;

/// <summary>The closed-form prediction of one iteration: its time, the breakdown that adds up to it, and the critical stage.</summary>
public sealed record AnalyticalEstimate(Duration IterationTime, ImmutableArray<Duration> Parts, int CriticalStage)
{
    public Duration this[TimeCategory category] => Parts[(int)category];
}
