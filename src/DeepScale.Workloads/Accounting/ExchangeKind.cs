namespace DeepScale.Workloads.Accounting;

/// <summary>The tensor-parallel collective an operator needs (Shoeybi et al. 2019; Korthikanti et al. 2022 for sequence parallelism).</summary>
public enum ExchangeKind
{
    AllReduce,
    AllGather,
    ReduceScatter,
}
