namespace DeepScale.Workloads.Accounting;

/// <summary>
/// The model-parallel collective an operator needs (Shoeybi et al. 2019; Korthikanti et al. 2022 for sequence
/// parallelism); <see cref="SendRecv"/> is one shift along the group's ring, each rank sending to its successor,
/// and <see cref="AllToAll"/> a personalized exchange in which each rank sends a 1 / p share to every other.
/// </summary>
public enum ExchangeKind
{
    AllReduce,
    AllGather,
    ReduceScatter,
    SendRecv,
    AllToAll,
}
