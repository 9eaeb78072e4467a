namespace DeepScale.Des.Resources;

/// <summary>
/// A checked path of a <see cref="FairShareNetwork"/> with the member streams each link carries: made once by
/// <see cref="FairShareNetwork.Path"/> and shared by every transfer that follows it, so a route used again and again
/// (the phases of a collective replayed each micro-batch) is validated and stored once. Immutable.
/// </summary>
public sealed class TransferPath
{
    internal TransferPath(FairShareNetwork network, BandwidthLink[] links, double[]? weights, int[] indexes, double isolatedRate)
    {
        IndexArray = indexes;
        IsolatedRate = isolatedRate;
        Network = network;
        LinkArray = links;
        WeightArray = weights;
    }

    public FairShareNetwork Network { get; }

    /// <summary>The links, each once.</summary>
    public IReadOnlyList<BandwidthLink> Links => LinkArray;

    /// <summary>Member streams on each link; null when every weight is 1.</summary>
    public IReadOnlyList<double>? Weights => WeightArray;

    internal BandwidthLink[] LinkArray { get; }

    internal double[]? WeightArray { get; }

    /// <summary>The network's indexes of the links.</summary>
    internal int[] IndexArray { get; }

    /// <summary>The rate per tick of a transfer alone on the path.</summary>
    internal double IsolatedRate { get; }
}
