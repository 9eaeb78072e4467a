namespace DeepScale.Parallelism.Schedules;

/// <summary>Which of a rank's communication groups a collective runs on.</summary>
public enum GroupRole
{
    /// <summary>The ranks that split each layer (same data replica and pipeline stage).</summary>
    Tensor,

    /// <summary>The replicas of the same shard (same tensor rank and pipeline stage): data replicas and context ranks.</summary>
    Data,

    /// <summary>The ranks that split the same sequences (same tensor rank, pipeline stage and data replica).</summary>
    Context,

    /// <summary>The first and last pipeline stage of one tensor rank and replica, which share tied word embeddings.</summary>
    Embedding,
}
