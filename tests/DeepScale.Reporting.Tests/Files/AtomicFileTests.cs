using DeepScale.Reporting.Files;

namespace DeepScale.Reporting.Tests.Files;

[TestClass]
public sealed class AtomicFileTests
{
    [TestMethod]
    public void WriteAllText_MissingDirectory_CreatesItAndWritesUtf8WithoutBom()
    {
        using var directory = new TemporaryDirectory();
        string path = Path.Combine(directory.Path, "a", "b", "summary.md");

        AtomicFile.WriteAllText(path, "µs");

        CollectionAssert.AreEqual(new byte[] { 0xC2, 0xB5, 0x73 }, File.ReadAllBytes(path));
        Assert.HasCount(1, Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [TestMethod]
    public void Write_CallbackFails_KeepsOldContentAndLeavesNoTemporaryFile()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("points.csv");
        AtomicFile.WriteAllText(path, "old");

        Assert.ThrowsExactly<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("half"u8);
            throw new InvalidOperationException("interrupted");
        }));

        Assert.AreEqual("old", File.ReadAllText(path));
        Assert.HasCount(1, Directory.GetFiles(directory.Path));
    }

    [TestMethod]
    public void WriteAllText_ExistingFile_ReplacesIt()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("x.txt");
        AtomicFile.WriteAllText(path, "first, longer content");

        AtomicFile.WriteAllText(path, "second");

        Assert.AreEqual("second", File.ReadAllText(path));
    }
}
