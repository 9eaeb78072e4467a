namespace DeepScale.Workloads.Accounting;

/// <summary>The model-parallel group a layer's exchange runs on.</summary>
public enum ExchangeGroup
{
    /// <summary>The ranks that split the layer's weights (Shoeybi et al. 2019).</summary>
    Tensor,

    /// <summary>The ranks that split each sequence and exchange attention keys and values (context parallelism).</summary>
    Context,
}
