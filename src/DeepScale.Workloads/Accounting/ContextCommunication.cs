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
}
