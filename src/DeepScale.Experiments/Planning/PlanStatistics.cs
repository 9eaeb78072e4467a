using System.Text.Json.Serialization;

namespace DeepScale.Experiments.Planning;

/// <summary>
/// What a search did: how many clusters and layouts it considered, how many each rule removed, how many it evaluated
/// analytically, and how long the search and the replays took.
/// </summary>
public sealed record PlanStatistics
{
    /// <summary>Clusters (GPU count × instance type) searched.</summary>
    [JsonPropertyName("clusters")] public required int Clusters { get; init; }

    /// <summary>Tensor × pipeline × data grids over all clusters.</summary>
    [JsonPropertyName("grids")] public required int Grids { get; init; }

    /// <summary>Layouts considered (every combination of the axes on every grid).</summary>
    [JsonPropertyName("layouts")] public required long Layouts { get; init; }

    /// <summary>Layouts that break a divisibility rule (global batch, interleaving).</summary>
    [JsonPropertyName("indivisible")] public required long Indivisible { get; init; }

    /// <summary>Layouts whose peak memory exceeds the device.</summary>
    [JsonPropertyName("out_of_memory")] public required long OutOfMemory { get; init; }

    /// <summary>Layouts skipped by a safe pruning rule (their memory is known to exceed the device, or their prediction equals a kept one).</summary>
    [JsonPropertyName("pruned")] public required long Pruned { get; init; }

    /// <summary>Layouts evaluated analytically (memory fits).</summary>
    [JsonPropertyName("evaluated")] public required long Evaluated { get; init; }

    /// <summary>Layouts that fit but which the collective model cannot cost (one of their groups has no algorithm).</summary>
    [JsonPropertyName("uncosted")] public required long Uncosted { get; init; }

    /// <summary>Why the first uncosted layout could not be costed (empty when none).</summary>
    [JsonPropertyName("uncosted_reason")] public required string UncostedReason { get; init; }

    /// <summary>Model accountings built (one per micro-batch, tensor size, sequence parallelism and recompute policy).</summary>
    [JsonPropertyName("accountings")] public required int Accountings { get; init; }

    [JsonPropertyName("search_wall_s")] public required double SearchWallS { get; init; }

    [JsonPropertyName("replay_wall_s")] public required double ReplayWallS { get; init; }

    /// <summary>Analytical evaluations (memory checks and time estimates) per second of search wall time.</summary>
    [JsonPropertyName("evaluations_per_s")] public double EvaluationsPerS => SearchWallS > 0 ? (Evaluated + OutOfMemory) / SearchWallS : 0;

    /// <summary>Clusters that could not be built, with the reason.</summary>
    [JsonPropertyName("skipped_clusters")] public required IReadOnlyList<string> SkippedClusters { get; init; }
}
