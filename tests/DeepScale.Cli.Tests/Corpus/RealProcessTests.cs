using DeepScale.Cli.Tests.Invocation;

namespace DeepScale.Cli.Tests.Corpus;

/// <summary>
/// End-to-end proof for the in-process corpus runs: a few corpus and command-line cases through the built
/// <c>deepscale.dll</c> under <c>dotnet</c>, as a user runs it, held to the same contract (exit code 2, one line on
/// stderr, no stack trace, nothing written).
/// </summary>
[TestClass]
public sealed class RealProcessTests
{
    [TestMethod]
    [DataRow("syntax-unterminated-quote.yaml")]
    [DataRow("unit-rate-for-capacity.yaml")]
    [DataRow("file-binary-nul.yaml")]
    [DataRow("exp-too-many-points.yaml")]
    [DataRow("exp-base-file-bad.yaml")]
    public void Dotnet_CorpusCase_ExitsTwoWithOneLineAndWritesNothing(string file)
    {
        using var work = new ScratchFolder("real-corpus");
        CorpusThroughCliTests.Stage(work, file);
        IReadOnlyList<string> before = work.Entries();
        string expected = File.ReadAllText(Path.Combine(CorpusThroughCliTests.Folder, Path.ChangeExtension(file, ".expected"))).Trim();

        CliOutcome outcome = CliRunner.RealProcess(work.Path, CorpusThroughCliTests.Arguments(file));

        Assert.Contains(expected, OneLineError.Of(outcome, file));
        CollectionAssert.AreEqual(before.ToList(), work.Entries().ToList(), "the working directory is unchanged");
    }

    [TestMethod]
    [DataRow("verb-unknown")]
    [DataRow("jobs-zero")]
    [DataRow("file-huge-sweep")]
    [DataRow("plan-infeasible-memory")]
    [DataRow("collective-system-unknown")]
    public void Dotnet_CliCase_ExitsTwoWithOneLineAndWritesNothing(string name)
    {
        using var work = new ScratchFolder("real-case");
        string[] args = CliCaseTests.Arguments(name, work);
        IReadOnlyList<string> before = work.Entries();
        string expected = File.ReadAllText(Path.Combine(CliCaseTests.Folder, name + ".expected")).Trim();

        CliOutcome outcome = CliRunner.RealProcess(work.Path, args);

        Assert.Contains(expected, OneLineError.Of(outcome, name));
        CollectionAssert.AreEqual(before.ToList(), work.Entries().ToList(), "the working directory is unchanged");
    }
}
