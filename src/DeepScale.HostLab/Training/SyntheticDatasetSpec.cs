namespace DeepScale.HostLab.Training;

/// <summary>
/// A synthetic classification task: <see cref="Classes"/> classes, each a mixture of
/// <see cref="ClustersPerClass"/> Gaussian clusters in <see cref="Features"/> dimensions. Cluster centres are drawn
/// from N(0, <see cref="ClusterSpread"/>²) per dimension and samples add unit-variance noise, so with more than one
/// cluster per class the classes are not linearly separable and a hidden layer is needed.
/// </summary>
public sealed record SyntheticDatasetSpec
{
    /// <summary>Input dimension.</summary>
    public int Features { get; init; } = 32;

    /// <summary>Number of classes.</summary>
    public int Classes { get; init; } = 10;

    /// <summary>Gaussian clusters per class.</summary>
    public int ClustersPerClass { get; init; } = 2;

    /// <summary>Standard deviation of the cluster centres, in units of the noise standard deviation.</summary>
    public double ClusterSpread { get; init; } = 0.8;

    /// <summary>Training samples, split evenly over the workers' shards.</summary>
    public int TrainSamples { get; init; } = 16384;

    /// <summary>Held-out samples, evaluated by rank 0 before and after training.</summary>
    public int TestSamples { get; init; } = 4096;

    /// <summary>Throws when a field is out of range, naming it.</summary>
    public void Validate()
    {
        AtLeast(Features, 1, "dataset.features");
        AtLeast(Classes, 2, "dataset.classes");
        AtLeast(ClustersPerClass, 1, "dataset.clusters_per_class");
        AtLeast(TrainSamples, 1, "dataset.train_samples");
        AtLeast(TestSamples, 1, "dataset.test_samples");
        if (!double.IsFinite(ClusterSpread) || ClusterSpread <= 0)
        {
            throw new ArgumentOutOfRangeException("dataset.cluster_spread", ClusterSpread,
                $"dataset.cluster_spread: {ClusterSpread} must be a positive number");
        }
    }

    private static void AtLeast(int value, int min, string field)
    {
        if (value < min)
        {
            throw new ArgumentOutOfRangeException(field, value, $"{field}: {value} must be at least {min}");
        }
    }
}
