namespace DeepScale.Workloads.Accounting;

/// <summary>
/// The model-parallel collective an operator needs (Shoeybi et al. 2019; Korthikanti et al. 2022 for sequence
/// parallelism); <see cref="SendRecv"/> is one shift along the group's ring, each rank sending to its successor.
/// </summary>
public enum ExchangeKind
{
    AllReduce,
    AllGather,
    ReduceScatter,
    SendRecv,
}
