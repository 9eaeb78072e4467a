using System.Text.Json.Serialization;

using DeepScale.Experiments.Results;

namespace DeepScale.Experiments.Planning;

/// <summary>
/// One plan of a planner's answer: its settings, what the analytical search predicted, where it ranks, what the
/// training job takes on it, and its result record (the replay's at symmetric fidelity, or the analytical one when
/// replays are off). Immutable; serializes to the JSON object <c>deepscale plan --json</c> prints per plan.
/// </summary>
public sealed record RankedPlan
{
    /// <summary>Position in the answer, 1 = best (by the replayed objective when replays ran).</summary>
    [JsonPropertyName("rank")] public required int Rank { get; init; }

    /// <summary>Position by the analytical objective among all feasible plans.</summary>
    [JsonPropertyName("analytical_rank")] public required int AnalyticalRank { get; init; }

    [JsonPropertyName("settings")] public required PlanSettings Settings { get; init; }

    /// <summary>Other sharding options or recompute policies that predict exactly the same time for these settings ("zero 2", "selective recompute").</summary>
    [JsonPropertyName("equivalent")] public required IReadOnlyList<string> Equivalent { get; init; }

    [JsonPropertyName("analytical_iteration_time_s")] public required double AnalyticalIterationTimeS { get; init; }

    [JsonPropertyName("analytical_peak_gib")] public required double AnalyticalPeakGib { get; init; }

    /// <summary>Iterations of the training job (null without a token or epoch count).</summary>
    [JsonPropertyName("iterations_to_train")] public required long? IterationsToTrain { get; init; }

    /// <summary>Wall time of the job: iterations × the result's iteration time (null without a token or epoch count).</summary>
    [JsonPropertyName("time_to_train_s")] public required double? TimeToTrainS { get; init; }

    /// <summary>On-demand cost of the job: iterations × the result's cost per iteration (null without a token or epoch count or a price).</summary>
    [JsonPropertyName("cost_usd")] public required double? CostUsd { get; init; }

    /// <summary>Whether the job cost stays within the budget (null without a budget).</summary>
    [JsonPropertyName("meets_budget")] public required bool? MeetsBudget { get; init; }

    /// <summary>Whether the job ends before the deadline (null without a deadline).</summary>
    [JsonPropertyName("meets_deadline")] public required bool? MeetsDeadline { get; init; }

    /// <summary>The result contract record of the plan.</summary>
    [JsonPropertyName("result")] public required RunResult Result { get; init; }
}
