using DeepScale.Benchmarks.Calibration;

namespace DeepScale.Benchmarks.Tests.Calibration;

[TestClass]
public sealed class AtomicFilesTests
{
    [TestMethod]
    public void WriteText_ExistingFile_ReplacedAndNoTemporaryLeft()
    {
        using var dir = new TemporaryDirectory();
        string path = dir.File("a.json");
        File.WriteAllText(path, "old");
        AtomicFiles.WriteText(path, "new");
        Assert.AreEqual("new", File.ReadAllText(path));
        Assert.HasCount(1, Directory.GetFiles(dir.Path));
    }

    [TestMethod]
    public void ReplaceDirectory_ExistingFolder_HoldsOnlyTheNewFiles()
    {
        using var dir = new TemporaryDirectory();
        string raw = dir.File("raw");
        Directory.CreateDirectory(raw);
        File.WriteAllText(Path.Combine(raw, "stale.csv"), "x");
        string source = dir.File("report.csv");
        File.WriteAllText(source, "fresh");

        IReadOnlyList<string> files = AtomicFiles.ReplaceDirectory(raw, [source]);

        Assert.HasCount(1, files);
        Assert.AreEqual("fresh", File.ReadAllText(Path.Combine(raw, "report.csv")));
        Assert.HasCount(2, Directory.GetFileSystemEntries(dir.Path));
    }
}
