using System.Globalization;

using DeepScale.Core.Random;

namespace DeepScale.HostLab.Training;

/// <summary>
/// Draws a <see cref="SyntheticDatasetSpec"/> from a seeded generator and writes it as shard files: the training
/// samples split into one contiguous shard per worker (<c>train-{k}.shard</c>) and the held-out samples
/// (<c>test.shard</c>). The same seed gives the same bytes.
/// </summary>
public static class SyntheticDataset
{
    /// <summary>The file name of worker <paramref name="shard"/>'s training shard.</summary>
    public static string TrainShardName(int shard) => string.Create(CultureInfo.InvariantCulture, $"train-{shard}.shard");

    /// <summary>The file name of the held-out set.</summary>
    public const string TestShardName = "test.shard";

    /// <summary>Draws <paramref name="samples"/> samples: features row-major (samples × features) and labels.</summary>
    public static (float[] Features, int[] Labels) Draw(SyntheticDatasetSpec spec, DeterministicRandom random, int samples, float[] centres)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(random);
        int d = spec.Features;
        float[] features = new float[(long)samples * d];
        int[] labels = new int[samples];
        for (int i = 0; i < samples; i++)
        {
            int label = random.NextInt(spec.Classes);
            int cluster = random.NextInt(spec.ClustersPerClass);
            int centre = ((label * spec.ClustersPerClass) + cluster) * d;
            labels[i] = label;
            for (int j = 0; j < d; j++)
            {
                features[((long)i * d) + j] = centres[centre + j] + (float)random.Normal(0, 1);
            }
        }

        return (features, labels);
    }

    /// <summary>Cluster centres, (classes · clusters) × features, each coordinate N(0, spread²).</summary>
    public static float[] Centres(SyntheticDatasetSpec spec, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(random);
        float[] centres = new float[spec.Classes * spec.ClustersPerClass * spec.Features];
        for (int i = 0; i < centres.Length; i++)
        {
            centres[i] = (float)random.Normal(0, spec.ClusterSpread);
        }

        return centres;
    }

    /// <summary>Writes <paramref name="shards"/> training shards and the test shard into <paramref name="directory"/>.</summary>
    public static void WriteShards(SyntheticDatasetSpec spec, DeterministicRandom random, string directory, int shards)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        if (shards < 1 || shards > spec.TrainSamples)
        {
            throw new ArgumentOutOfRangeException(nameof(shards), shards,
                $"dataset: {shards} shards cannot split {spec.TrainSamples} training samples");
        }

        float[] centres = Centres(spec, random);
        (float[] trainX, int[] trainY) = Draw(spec, random, spec.TrainSamples, centres);
        (float[] testX, int[] testY) = Draw(spec, random, spec.TestSamples, centres);
        int d = spec.Features;
        for (int k = 0; k < shards; k++)
        {
            int start = (int)((long)spec.TrainSamples * k / shards);
            int end = (int)((long)spec.TrainSamples * (k + 1) / shards);
            ShardFile.Write(Path.Combine(directory, TrainShardName(k)),
                trainX.AsSpan(start * d, (end - start) * d), trainY.AsSpan(start, end - start), d, spec.Classes);
        }

        ShardFile.Write(Path.Combine(directory, TestShardName), testX, testY, d, spec.Classes);
    }
}
