using System.Collections.Immutable;

using DeepScale.Core.Units;

using DeepScale.Workloads.Accounting;

namespace DeepScale.Workloads.Cost;

/// <summary>Per-operator times of one micro-batch on one rank, in forward order, with their sums (compute only; no communication).</summary>
public sealed record ModelTiming(ModelAccount Account, ImmutableArray<OperatorTiming> Operators)
{
    public Duration Forward => Sum(o => o.Forward);

    public Duration Backward => Sum(o => o.Backward);

    public Duration Recompute => Sum(o => o.Recompute);

    public Duration Total => Forward + Backward + Recompute;

    /// <summary>Times of the operators of one layer.</summary>
    public IEnumerable<OperatorTiming> OfLayer(int layerIndex) => Operators.Where(o => o.Operator.LayerIndex == layerIndex);

    private Duration Sum(Func<OperatorTiming, Duration> part)
    {
        Duration total = Duration.Zero;
        foreach (OperatorTiming o in Operators)
        {
            total += part(o);
        }

        return total;
    }
}
