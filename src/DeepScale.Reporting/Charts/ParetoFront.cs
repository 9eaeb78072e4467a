using DeepScale.Reporting.Inputs;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// The Pareto front of cost against time to train: the configurations no other configuration beats on both, that
/// is, none is at least as fast and as cheap and strictly better in one of the two.
/// </summary>
public static class ParetoFront
{
    /// <summary>Indices into <paramref name="points"/> of the front, fastest first (ties by cost, then index).</summary>
    public static IReadOnlyList<int> Indices(IReadOnlyList<CostTimePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        int[] order = [.. Enumerable.Range(0, points.Count)
            .OrderBy(i => points[i].TimeToTrainSeconds)
            .ThenBy(i => points[i].CostUsd)
            .ThenBy(i => i)];
        var front = new List<int>();
        double cheapest = double.PositiveInfinity;
        double cheapestTime = double.NaN;
        foreach (int i in order)
        {
            CostTimePoint p = points[i];
            bool tiesLast = p.CostUsd == cheapest && p.TimeToTrainSeconds == cheapestTime;
            if (p.CostUsd < cheapest || tiesLast)
            {
                front.Add(i);
                cheapest = p.CostUsd;
                cheapestTime = p.TimeToTrainSeconds;
            }
        }

        return front;
    }
}
