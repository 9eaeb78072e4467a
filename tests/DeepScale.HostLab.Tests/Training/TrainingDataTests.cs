using DeepScale.Core.Random;
using DeepScale.HostLab.Training;

namespace DeepScale.HostLab.Tests.Training;

[TestClass]
public sealed class TrainingDataTests
{
    [TestMethod]
    public void ReadBatch_WrapsAroundTheShard()
    {
        using var directory = new TemporaryDirectory();
        string path = Path.Combine(directory.Path, "s.shard");
        float[] features = Enumerable.Range(0, 5 * 3).Select(i => (float)i).ToArray();
        int[] labels = [0, 1, 2, 3, 0];
        ShardFile.Write(path, features, labels, 3, 4);
        using ShardReader reader = ShardReader.Open(path);
        float[] x = new float[4 * 3];
        int[] y = new int[4];

        reader.ReadBatch(13, 4, x, y);

        Assert.AreEqual(5, reader.Records);
        CollectionAssert.AreEqual(new[] { 3, 0, 0, 1 }, y);
        CollectionAssert.AreEqual(new float[] { 9, 10, 11, 12, 13, 14, 0, 1, 2, 3, 4, 5 }, x);
    }

    [TestMethod]
    public void Open_NotAShard_ThrowsNamingTheFile()
    {
        using var directory = new TemporaryDirectory();
        string path = Path.Combine(directory.Path, "bad.shard");
        File.WriteAllText(path, "this is not a shard file at all, not even close");

        var e = Assert.ThrowsExactly<InvalidDataException>(() => ShardReader.Open(path));

        Assert.Contains("bad.shard", e.Message);
    }

    [TestMethod]
    public void Open_TruncatedShard_ThrowsNamingTheFile()
    {
        using var directory = new TemporaryDirectory();
        string path = Path.Combine(directory.Path, "cut.shard");
        ShardFile.Write(path, new float[30], new int[10], 3, 2);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^7]);

        var e = Assert.ThrowsExactly<InvalidDataException>(() => ShardReader.Open(path));

        Assert.Contains("truncated", e.Message);
    }

    [TestMethod]
    public void WriteShards_SameSeed_SameBytesAndAllSamples()
    {
        var spec = new SyntheticDatasetSpec { Features = 8, Classes = 3, TrainSamples = 1001, TestSamples = 50 };
        using var first = new TemporaryDirectory();
        using var second = new TemporaryDirectory();

        SyntheticDataset.WriteShards(spec, new DeterministicRandom(5), first.Path, 3);
        SyntheticDataset.WriteShards(spec, new DeterministicRandom(5), second.Path, 3);

        long records = 0;
        foreach (string name in new[] { SyntheticDataset.TrainShardName(0), SyntheticDataset.TrainShardName(1), SyntheticDataset.TrainShardName(2) })
        {
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(first.Path, name)), File.ReadAllBytes(Path.Combine(second.Path, name)), name);
            using ShardReader reader = ShardReader.Open(Path.Combine(first.Path, name));
            records += reader.Records;
        }

        Assert.AreEqual(1001, records);
    }
}
