namespace DeepScale.Parallelism.Schedules;

/// <summary>Which of a rank's communication groups a collective runs on.</summary>
public enum GroupRole
{
    /// <summary>The ranks that split each layer (same data replica and pipeline stage).</summary>
    Tensor,

    /// <summary>The replicas of the same shard (same tensor rank and pipeline stage).</summary>
    Data,

    /// <summary>The first and last pipeline stage of one tensor rank and replica, which share tied word embeddings.</summary>
    Embedding,
}
