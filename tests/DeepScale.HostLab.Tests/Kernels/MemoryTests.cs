using DeepScale.HostLab.Kernels;

namespace DeepScale.HostLab.Tests.Kernels;

[TestClass]
public sealed class MemoryTests
{
    [TestMethod]
    [DataRow(0, 1)]
    [DataRow(1, 2)]
    [DataRow(4095, 2)]
    [DataRow(12_293, 3)]
    [DataRow(1 << 20, 2)]
    public void Copy_SizesAndThreads_CopiesEveryByte(int length, int threads)
    {
        byte[] source = new byte[length];
        new System.Random(length).NextBytes(source);
        byte[] destination = new byte[length + 3];

        MemoryCopy.Copy(source, destination, threads);

        CollectionAssert.AreEqual(source, destination.Take(length).ToArray());
        CollectionAssert.AreEqual(new byte[3], destination.Skip(length).ToArray());
    }

    [TestMethod]
    public void Copy_ShortDestination_ThrowsNamingIt()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => MemoryCopy.Copy(new byte[10], new byte[9]));

        Assert.Contains("memory_copy.destination", e.Message);
    }

    [TestMethod]
    public void Shape_Copy_MovesTwiceItsLength()
    {
        Assert.AreEqual(2.0 * (1 << 20), new MemoryCopyShape(1 << 20).BytesMoved.Count);
        Assert.AreEqual(0.0, new MemoryCopyShape(1 << 20).Flops.Flops);
    }

    [TestMethod]
    public void Read_WrittenFile_ReturnsItsLengthWarmAndEvicted()
    {
        string path = Path.Combine(Path.GetTempPath(), $"deepscale-read-{Guid.NewGuid():N}.bin");
        try
        {
            const long Length = (3 << 20) + 5;
            SequentialFileRead.WriteFile(path, Length);
            byte[] block = new byte[1 << 20];

            long warm = SequentialFileRead.Read(path, block);
            bool evicted = SequentialFileRead.TryEvictFromPageCache(path);
            long cold = SequentialFileRead.Read(path, block);

            Assert.AreEqual(Length, warm);
            Assert.AreEqual(Length, cold);
            Assert.AreEqual(OperatingSystem.IsLinux(), evicted);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void WriteFile_SameSeed_SameBytes()
    {
        string first = Path.Combine(Path.GetTempPath(), $"deepscale-a-{Guid.NewGuid():N}.bin");
        string second = Path.Combine(Path.GetTempPath(), $"deepscale-b-{Guid.NewGuid():N}.bin");
        try
        {
            SequentialFileRead.WriteFile(first, 10_000, seed: 3);
            SequentialFileRead.WriteFile(second, 10_000, seed: 3);

            CollectionAssert.AreEqual(File.ReadAllBytes(first), File.ReadAllBytes(second));
        }
        finally
        {
            File.Delete(first);
            File.Delete(second);
        }
    }

    [TestMethod]
    public void Shape_FileRead_CountsRequests()
    {
        var shape = new FileReadShape((3 << 20) + 5, 1 << 20);

        Assert.AreEqual(4, shape.Requests);
        Assert.AreEqual((3 << 20) + 5, shape.BytesMoved.Count);
    }
}
