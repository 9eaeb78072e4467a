using System.Globalization;

using DeepScale.Cli.Tests.Invocation;
using DeepScale.Experiments.Spec;
using DeepScale.Experiments.Sweeps;

namespace DeepScale.Cli.Tests.Corpus;

/// <summary>
/// The loader-level bad-input corpus (tests/DeepScale.Experiments.Tests/BadInputs, linked into this project) run
/// through the command line as a user would: <c>simulate CASE.yaml</c> for a scenario spec, <c>sweep CASE.yaml --out
/// results/x</c> for an experiment (<c>exp-*.yaml</c>), each in a fresh working directory holding only the case and
/// the files it refers to. Every case must exit with code 2 and one line on stderr that is the loader's message
/// (its expected fragment, field path and line:column), with no stack trace, and must leave the working directory
/// exactly as it was: no results/ folder, no file at all. In-process, so the corpus takes seconds; the class does
/// not run in parallel because the working directory and the console are process-wide.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class CorpusThroughCliTests
{
    private const string Support = "_support";

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "BadInputs");

    public static IEnumerable<object[]> Cases =>
        Directory.EnumerateFiles(Folder, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(n => new object[] { n! });

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Run_CorpusCase_ExitsTwoWithTheLoadersOneLineAndWritesNothing(string file)
    {
        using var work = new ScratchFolder("corpus");
        Stage(work, file);
        IReadOnlyList<string> before = work.Entries();
        string expected = File.ReadAllText(Path.Combine(Folder, Path.ChangeExtension(file, ".expected"))).Trim();

        CliOutcome outcome = CliRunner.InProcess(work.Path, Arguments(file));

        string line = OneLineError.Of(outcome, file);
        Assert.Contains(expected, line, file);
        SpecException loader = LoaderError(work, file);
        Assert.Contains($": {loader.Field}: ", line, "the field path");
        if (loader.Line > 0)
        {
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $":{loader.Line}:{loader.Column}: {loader.Field}: "), line, "line and column");
        }

        string Relative(string text) => text.Replace(work.Path + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
        Assert.AreEqual("deepscale: " + Relative(loader.Message), Relative(line), "the command line reports the loader's message unchanged");
        Assert.IsFalse(Directory.Exists(work["results"]), "nothing under results/");
        CollectionAssert.AreEqual(before.ToList(), work.Entries().ToList(), "the working directory is unchanged");
    }

    [TestMethod]
    public void Corpus_LinkedIntoThisProject_HasEveryCase()
    {
        Assert.IsGreaterThanOrEqualTo(200, Cases.Count());
        Assert.IsTrue(Directory.Exists(Path.Combine(Folder, Support)));
    }

    /// <summary>The command line for a case, with the case as a path relative to the working directory.</summary>
    public static string[] Arguments(string file) =>
        file.StartsWith("exp-", StringComparison.Ordinal) ? ["sweep", file, "--out", "results/x"] : ["simulate", file];

    /// <summary>Copies the case and the support files it may refer to into <paramref name="work"/>.</summary>
    internal static void Stage(ScratchFolder work, string file)
    {
        File.Copy(Path.Combine(Folder, file), work[file]);
        Directory.CreateDirectory(work[Support]);
        foreach (string f in Directory.EnumerateFiles(Path.Combine(Folder, Support)))
        {
            File.Copy(f, Path.Combine(work[Support], Path.GetFileName(f)));
        }
    }

    /// <summary>The loader's own error for the staged case (loaded by absolute path, so the working directory does not matter).</summary>
    private static SpecException LoaderError(ScratchFolder work, string file) =>
        Assert.ThrowsExactly<SpecException>(() =>
        {
            if (file.StartsWith("exp-", StringComparison.Ordinal))
            {
                SweepExpander.Expand(ExperimentLoader.LoadFile(work[file])).ThrowIfInvalid();
            }
            else
            {
                ScenarioLoader.LoadFile(work[file]);
            }
        });
}
