namespace DeepScale.Workloads.Accounting;

/// <summary>How context-parallel attention exchanges keys and values (Megatron-Core's <c>--cp-comm-type</c>).</summary>
public enum ContextCommunication
{
    /// <summary>
    /// Ring exchange (<c>p2p</c>, Megatron-Core's default; Transformer Engine's <c>AttnFuncWithCPAndKVP2P</c>): the
    /// attention kernel runs once per key/value chunk, the next chunk arriving from the ring neighbour while the
    /// current one computes; the backward pass circulates keys and values with their gradients the same way.
    /// </summary>
    P2P,

    /// <summary>All-gather of the whole sequence's keys and values before the kernel, blocking (<c>all_gather</c>).</summary>
    AllGather,

    /// <summary>
    /// All-to-all (<c>a2a</c>, DeepSpeed-Ulysses; Jacobs et al. 2023): queries, keys and values are exchanged so that
    /// each rank holds the whole sequence for 1 / c of the heads, the kernel runs on those, and a second all-to-all
    /// returns the output to the sequence split; the backward pass does the same with the gradients. Blocking;
    /// needs the rank's query and key/value heads divisible by c.
    /// </summary>
    AllToAll,
}
