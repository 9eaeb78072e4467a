using DeepScale.Experiments.Reports;

namespace DeepScale.Experiments.Tests.Sweeps;

[TestClass]
public sealed class GitCommitTests
{
    private const string Hash = "0123456789abcdef0123456789abcdef01234567";

    private static string NewRepository(string head)
    {
        string root = Path.Combine(Path.GetTempPath(), "deepscale-git-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, ".git", "refs", "heads"));
        Directory.CreateDirectory(Path.Combine(root, "experiments", "x"));
        File.WriteAllText(Path.Combine(root, ".git", "HEAD"), head);
        return root;
    }

    [TestMethod]
    public void Find_BranchRefFile_ReadsTheCommitFromASubfolder()
    {
        string root = NewRepository("ref: refs/heads/main\n");
        File.WriteAllText(Path.Combine(root, ".git", "refs", "heads", "main"), Hash + "\n");

        Assert.AreEqual(Hash, GitCommit.Find(Path.Combine(root, "experiments", "x")));
        Directory.Delete(root, recursive: true);
    }

    [TestMethod]
    public void Find_PackedRef_ReadsTheCommit()
    {
        string root = NewRepository("ref: refs/heads/main\n");
        File.WriteAllText(Path.Combine(root, ".git", "packed-refs"), "# pack-refs with: peeled\n" + Hash + " refs/heads/main\n");

        Assert.AreEqual(Hash, GitCommit.Find(root));
        Directory.Delete(root, recursive: true);
    }

    [TestMethod]
    public void Find_DetachedHead_ReadsTheHash()
    {
        string root = NewRepository(Hash.ToUpperInvariant() + "\n");

        Assert.AreEqual(Hash, GitCommit.Find(root));
        Directory.Delete(root, recursive: true);
    }

    [TestMethod]
    public void Find_MissingRef_IsUnknown()
    {
        string root = NewRepository("ref: refs/heads/gone\n");

        Assert.AreEqual(GitCommit.Unknown, GitCommit.Find(root));
        Directory.Delete(root, recursive: true);
    }
}
