using DeepScale.Cli.Tests.Invocation;

namespace DeepScale.Cli.Tests.Corpus;

/// <summary>
/// Bad command lines the loader corpus cannot express (unknown verbs and options, options without values, bad
/// numbers, missing, empty, binary, directory and 100 MB files, planner requests without a job length or with no
/// feasible point, sweeps with an empty axis or too many points, report folders without results, bad collectives),
/// one case per <c>CliCases/&lt;case&gt;.args</c> (one argument per line) with its expected fragment in
/// <c>&lt;case&gt;.expected</c>. Placeholders in the arguments: <c>{files}</c> is CliCases/_files, <c>{specs}</c>
/// the valid specs of the Experiments tests, <c>{huge}</c> a 100 MB file and <c>{emptydir}</c> an empty folder,
/// both made in the working directory at test time. Each case runs in-process in a fresh working directory and must
/// exit with code 2 and one line naming the problem, write nothing, and leave no results/ folder.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class CliCaseTests
{
    private const long HugeBytes = 100L << 20;

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "CliCases");

    public static IEnumerable<object[]> Cases =>
        Directory.EnumerateFiles(Folder, "*.args").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).Select(n => new object[] { n! });

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Run_BadCommandLine_ExitsTwoWithOneLineAndWritesNothing(string name)
    {
        using var work = new ScratchFolder("case");
        string[] args = Arguments(name, work);
        string expected = File.ReadAllText(Path.Combine(Folder, name + ".expected")).Trim();
        IReadOnlyList<string> before = work.Entries();

        CliOutcome outcome = CliRunner.InProcess(work.Path, args);

        string line = OneLineError.Of(outcome, name);
        Assert.Contains(expected, line, name);
        Assert.IsFalse(Directory.Exists(work["results"]), "nothing under results/: " + name);
        CollectionAssert.AreEqual(before.ToList(), work.Entries().ToList(), "the working directory is unchanged: " + name);
    }

    [TestMethod]
    public void Cases_EveryArgsFile_HasAnExpectation()
    {
        string[] args = [.. Directory.EnumerateFiles(Folder, "*.args").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];
        string[] expected = [.. Directory.EnumerateFiles(Folder, "*.expected").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];

        Assert.IsGreaterThanOrEqualTo(50, args.Length);
        CollectionAssert.AreEqual(args, expected);
    }

    /// <summary>The arguments of a case with its placeholders filled in (and the files they name made).</summary>
    internal static string[] Arguments(string name, ScratchFolder work)
    {
        List<string> lines = [.. File.ReadAllText(Path.Combine(Folder, name + ".args")).ReplaceLineEndings("\n").Split('\n')];
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return [.. lines.Select(a => Fill(a, work))];
    }

    private static string Fill(string argument, ScratchFolder work)
    {
        if (argument.Contains("{huge}", StringComparison.Ordinal) && !File.Exists(work["huge.yaml"]))
        {
            // Sparse where the file system allows: 100 MB of zeros without writing them.
            using FileStream f = File.Create(work["huge.yaml"]);
            f.SetLength(HugeBytes);
        }

        if (argument.Contains("{emptydir}", StringComparison.Ordinal))
        {
            Directory.CreateDirectory(work["empty"]);
        }

        return argument
            .Replace("{files}", Path.Combine(Folder, "_files"), StringComparison.Ordinal)
            .Replace("{specs}", Path.Combine(AppContext.BaseDirectory, "Specs"), StringComparison.Ordinal)
            .Replace("{huge}", work["huge.yaml"], StringComparison.Ordinal)
            .Replace("{emptydir}", work["empty"], StringComparison.Ordinal);
    }
}
