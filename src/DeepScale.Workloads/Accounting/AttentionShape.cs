namespace DeepScale.Workloads.Accounting;

/// <summary>The shape of one attention computation on one rank.</summary>
/// <param name="Batch">Sequences in the micro-batch.</param>
/// <param name="Heads">Query heads on this rank.</param>
/// <param name="KvHeads">Key/value heads on this rank.</param>
/// <param name="SeqLen">Tokens per sequence: the keys every query may attend to.</param>
/// <param name="HeadDim">Per-head dimension.</param>
/// <param name="Causal">A causal mask: a fused kernel skips the blocks above the diagonal.</param>
public sealed record AttentionShape(long Batch, long Heads, long KvHeads, long SeqLen, long HeadDim, bool Causal)
{
    /// <summary>The fused kernel that computes it (<see cref="AttentionImplementation.Flash"/> unless the spec names one).</summary>
    public AttentionImplementation Kernel { get; init; } = AttentionImplementation.Flash;

    /// <summary>Query tokens per sequence on this rank when fewer than <see cref="SeqLen"/> (context parallelism).</summary>
    public long? QueryLen { get; init; }

    /// <summary>Query tokens per sequence on this rank.</summary>
    public long Queries => QueryLen ?? SeqLen;
}
