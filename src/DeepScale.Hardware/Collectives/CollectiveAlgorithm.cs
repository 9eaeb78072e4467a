namespace DeepScale.Hardware.Collectives;

/// <summary>How a collective is decomposed into point-to-point transfers.</summary>
public enum CollectiveAlgorithm
{
    /// <summary>
    /// Ring (Patarasuk and Yuan 2009; NCCL's default for bandwidth): all-reduce in 2(n-1) steps of S/n,
    /// reduce-scatter and all-gather in n-1, broadcast as a pipelined chain. One ring per channel.
    /// </summary>
    Ring,

    /// <summary>
    /// Double binary tree (Sanders, Speck and Träff 2009; NCCL 2.4+): two complementary binary trees over the nodes,
    /// each carrying half the data, chains inside the nodes, reduce up and broadcast down pipelined in chunks.
    /// </summary>
    DoubleBinaryTree,

    /// <summary>
    /// Recursive halving then doubling (Rabenseifner 2004; Thakur, Rabenseifner and Gropp 2005): log2 n exchange
    /// steps with halving data for reduce-scatter, doubling for all-gather; non-powers of two fold the excess ranks
    /// in first.
    /// </summary>
    RecursiveHalvingDoubling,

    /// <summary>
    /// Hierarchical all-reduce: intra-node ring reduce-scatter, inter-node ring all-reduce of each 1/g shard among
    /// the same-index GPUs (one rail each), intra-node ring all-gather.
    /// </summary>
    Hierarchical,

    /// <summary>Direct point-to-point transfers (all-to-all, send/recv), all concurrent.</summary>
    Direct,
}
