namespace DeepScale.Experiments.Planning;

/// <summary>
/// The planner's answer: the ranked plans (best first), whether they meet the budget and deadline (and if not, that
/// they are the closest), the fastest and the cheapest feasible plan for comparison, the points of the search's
/// Pareto front, and what the search did. Immutable.
/// </summary>
public sealed record PlanReport
{
    /// <summary>The spec's name.</summary>
    public required string Name { get; init; }

    public required PlanObjective Objective { get; init; }

    /// <summary>The ranked plans, best first (replayed when replays ran).</summary>
    public required IReadOnlyList<RankedPlan> Plans { get; init; }

    /// <summary>Iterations of the training job (null without a token or epoch count).</summary>
    public required long? IterationsToTrain { get; init; }

    /// <summary>Whether every cluster searched has an on-demand price.</summary>
    public required bool Priced { get; init; }

    public required double? BudgetUsd { get; init; }

    public required double? DeadlineS { get; init; }

    /// <summary>False when no feasible plan meets the budget and the deadline; the plans are then the closest ones.</summary>
    public required bool ConstraintsMet { get; init; }

    /// <summary>One line saying which constraint nothing meets and how close the best plans come (empty when met).</summary>
    public required string ConstraintMessage { get; init; }

    /// <summary>The feasible plan with the shortest analytical iteration (among those meeting the constraints when any do).</summary>
    public required PlanPoint Fastest { get; init; }

    /// <summary>The feasible plan with the lowest analytical job cost (null without a price or a training length).</summary>
    public required PlanPoint? Cheapest { get; init; }

    /// <summary>
    /// The analytical Pareto front of the search: with a price and a training length, the plans no other plan beats
    /// on both time to train and cost; otherwise the fastest plan at each GPU count that is faster than every plan
    /// with fewer GPUs.
    /// </summary>
    public required IReadOnlyList<PlanPoint> Front { get; init; }

    /// <summary>
    /// Analytical result records of the front's plans when the front is by GPU count (for a throughput-vs-GPUs chart);
    /// empty when the front is of time to train against cost.
    /// </summary>
    public required IReadOnlyList<Results.RunResult> FrontResults { get; init; }

    /// <summary>Caveats about the answer: model limitations that touch the ranked plans, layouts that could not be costed, clusters skipped.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Spearman's rank correlation between the analytical and the replayed order of the replayed plans (null with fewer than two replays).</summary>
    public required double? RankCorrelation { get; init; }

    public required PlanStatistics Statistics { get; init; }
}
