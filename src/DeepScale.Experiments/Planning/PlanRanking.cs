using System.Globalization;

using DeepScale.Workloads.Accounting;

namespace DeepScale.Experiments.Planning;

/// <summary>
/// Orders the feasible layouts by the objective — shortest iteration for throughput and time to train (the job's
/// iteration count is the same for every layout), lowest job cost for cost — keeping those that meet the budget
/// and the deadline, or, when none does, ordering all by how far they miss (the larger of cost/budget and
/// time/deadline). Ties break towards fewer GPUs, a lower price, less memory, then the settings in order, so the
/// ranking is a total order. Layouts that differ only in their sharding option and predict exactly the same time are
/// one plan, shown with the least memory and the equivalent options listed; so are layouts that differ only in the
/// recompute policy and predict exactly the same time (selective recomputation with FlashAttention, which keeps no
/// attention scores to drop).
/// </summary>
internal sealed class PlanRanking
{
    private readonly List<PlanCandidate> _candidates;
    private readonly IReadOnlyList<PlanClusterOption> _options;
    private readonly PlanObjective _objective;
    private readonly long? _iterations;
    private readonly double? _budget;
    private readonly double? _deadline;
    private readonly bool _priced;

    public PlanRanking(List<PlanCandidate> candidates, IReadOnlyList<PlanClusterOption> options, PlanObjective objective, long? iterations,
        double? budget, double? deadlineS)
    {
        _candidates = candidates;
        _options = options;
        _objective = objective;
        _iterations = iterations;
        _budget = budget;
        _deadline = deadlineS;
        _priced = options.Count > 0 && options.All(o => o.UsdPerHour > 0);
        int[] meeting = [.. Enumerable.Range(0, candidates.Count).Where(Meets)];
        ConstraintsMet = meeting.Length > 0;
        Pool = ConstraintsMet ? meeting : [.. Enumerable.Range(0, candidates.Count)];
        Array.Sort(Pool, Compare);
    }

    /// <summary>Indices of the ranked candidates (those meeting the constraints, or all when none does), best first.</summary>
    public int[] Pool { get; }

    public bool ConstraintsMet { get; }

    public PlanCandidate this[int index] => _candidates[index];

    /// <summary>Job time in seconds (or one iteration's without a training length).</summary>
    public double TimeOf(int i) => _candidates[i].IterationSeconds * (_iterations ?? 1);

    /// <summary>Job cost in USD (or one iteration's without a training length).</summary>
    public double CostOf(int i) => TimeOf(i) * _options[_candidates[i].Option].UsdPerHour / 3600;

    /// <summary>The first <paramref name="count"/> distinct plans: (candidate index, equivalent sharding options).</summary>
    public List<(int Index, List<string> Equivalent)> Top(int count)
    {
        var kept = new List<(int, List<string>)>();
        var groups = new Dictionary<GroupKey, int>();
        foreach (int i in Pool)
        {
            GroupKey key = GroupOf(_candidates[i]);
            if (groups.ContainsKey(key))
            {
                continue;
            }

            if (kept.Count == count)
            {
                continue;
            }

            groups[key] = kept.Count;
            kept.Add((i, []));
        }

        foreach (int i in Pool)
        {
            if (groups.TryGetValue(GroupOf(_candidates[i]), out int slot) && kept[slot].Item1 != i)
            {
                kept[slot].Item2.Add(Difference(_candidates[kept[slot].Item1], _candidates[i]));
            }
        }

        return kept;
    }

    /// <summary>The plan with the shortest iteration among the pool.</summary>
    public int Fastest() => Pool.MinBy(i => (_candidates[i].IterationSeconds, i));

    /// <summary>The plan with the lowest job cost among the pool (-1 without prices).</summary>
    public int Cheapest() => _priced ? Pool.MinBy(i => (CostOf(i), i)) : -1;

    /// <summary>The Pareto front (see <see cref="PlanReport.Front"/>), as candidate indices.</summary>
    public List<int> Front()
    {
        var front = new List<int>();
        if (_priced && _iterations is not null)
        {
            double cheapest = double.PositiveInfinity;
            foreach (int i in Pool.OrderBy(TimeOf).ThenBy(CostOf).ThenBy(i => i))
            {
                if (CostOf(i) < cheapest)
                {
                    front.Add(i);
                    cheapest = CostOf(i);
                }
            }

            return front;
        }

        double fastest = double.PositiveInfinity;
        foreach (IGrouping<int, int> byGpus in Pool.GroupBy(i => _options[_candidates[i].Option].Gpus).OrderBy(g => g.Key))
        {
            int best = byGpus.MinBy(i => (_candidates[i].IterationSeconds, i));
            if (_candidates[best].IterationSeconds < fastest)
            {
                front.Add(best);
                fastest = _candidates[best].IterationSeconds;
            }
        }

        return front;
    }

    /// <summary>Why no plan meets the constraints, and how close the best come (empty when some plan meets them).</summary>
    public string Message()
    {
        if (ConstraintsMet || (_budget is null && _deadline is null))
        {
            return "";
        }

        var parts = new List<string>();
        if (_budget is double budget)
        {
            double cheapest = _priced ? Pool.Min(CostOf) : double.NaN;
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"the budget of ${budget:N0} (the cheapest plan costs ${cheapest:N0})"));
        }

        if (_deadline is double deadline)
        {
            double fastest = Pool.Min(TimeOf);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"the deadline of {Days(deadline)} (the fastest plan takes {Days(fastest)})"));
        }

        bool both = _budget is not null && _deadline is not null;
        return $"no plan meets {string.Join(" and ", parts)}{(both ? " together" : "")}; showing the closest plans";
    }

    public static string ShardingName(PlanCandidate c) =>
        c.DistributedOptimizer ? "distributed optimizer" : c.ZeroStage == 0 ? "zero 0" : $"zero {c.ZeroStage}";

    /// <summary>How an equivalent layout differs from the kept one: "zero 2", "selective recompute" or both.</summary>
    private static string Difference(PlanCandidate kept, PlanCandidate other)
    {
        var parts = new List<string>();
        if (kept.ShardingOrder != other.ShardingOrder)
        {
            parts.Add(ShardingName(other));
        }

        if (kept.Recompute != other.Recompute)
        {
            parts.Add($"{other.Recompute.ToString().ToLowerInvariant()} recompute");
        }

        return string.Join(" + ", parts);
    }

    private static string Days(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86400:0.##} days");

    private static GroupKey GroupOf(PlanCandidate c) =>
        new(c.Option, c.Tensor, c.Context, c.ContextCommunication, c.Pipeline, c.Data, c.MicroBatch, c.VirtualStages, c.SequenceParallel, c.IterationSeconds);

    private bool Meets(int i) =>
        (_budget is not double budget || CostOf(i) <= budget) && (_deadline is not double deadline || TimeOf(i) <= deadline);

    /// <summary>How far a plan misses the constraints: the larger of cost/budget and time/deadline.</summary>
    private double Miss(int i) => Math.Max(_budget is double b ? CostOf(i) / b : 0, _deadline is double d ? TimeOf(i) / d : 0);

    private double Key(int i) => _objective == PlanObjective.Cost ? CostOf(i) : _candidates[i].IterationSeconds;

    private int Compare(int x, int y)
    {
        if (!ConstraintsMet && (_budget is not null || _deadline is not null))
        {
            int miss = Miss(x).CompareTo(Miss(y));
            if (miss != 0)
            {
                return miss;
            }
        }

        PlanCandidate a = _candidates[x], b = _candidates[y];
        PlanClusterOption oa = _options[a.Option], ob = _options[b.Option];
        int c = Key(x).CompareTo(Key(y));
        c = c != 0 ? c : oa.Gpus.CompareTo(ob.Gpus);
        c = c != 0 ? c : oa.UsdPerHour.CompareTo(ob.UsdPerHour);
        c = c != 0 ? c : a.PeakBytes.CompareTo(b.PeakBytes);
        c = c != 0 ? c : a.Option.CompareTo(b.Option);
        c = c != 0 ? c : a.Tensor.CompareTo(b.Tensor);
        c = c != 0 ? c : a.Context.CompareTo(b.Context);
        c = c != 0 ? c : a.ContextCommunication.CompareTo(b.ContextCommunication);
        c = c != 0 ? c : a.Pipeline.CompareTo(b.Pipeline);
        c = c != 0 ? c : a.MicroBatch.CompareTo(b.MicroBatch);
        c = c != 0 ? c : a.VirtualStages.CompareTo(b.VirtualStages);
        c = c != 0 ? c : a.ShardingOrder.CompareTo(b.ShardingOrder);
        c = c != 0 ? c : a.Recompute.CompareTo(b.Recompute);
        return c != 0 ? c : a.SequenceParallel.CompareTo(b.SequenceParallel);
    }

    private readonly record struct GroupKey(int Option, int Tensor, int Context, ContextCommunication ContextCommunication, int Pipeline, int Data, int MicroBatch, int VirtualStages,
        bool SequenceParallel, double IterationSeconds);
}
