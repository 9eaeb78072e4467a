using System.Globalization;

using DeepScale.Experiments.Spec;
using DeepScale.Experiments.Sweeps;

namespace DeepScale.Experiments.Tests.Spec;

/// <summary>
/// The bad-input corpus: every <c>BadInputs/&lt;case&gt;.yaml</c> must fail with one <see cref="SpecException"/>
/// whose one-line message contains the fragment in <c>&lt;case&gt;.expected</c>, names a field path, and carries
/// the line and column of the offending YAML node (errors about the file as a whole carry only its name). Files
/// named <c>exp-*.yaml</c> are experiments, loaded and expanded; the others are scenario specs. Adding a case is
/// adding those two files.
/// </summary>
[TestClass]
public sealed class BadInputCorpusTests
{
    public static IEnumerable<object[]> Cases => TestFiles.Names(TestFiles.BadInputs, "*.yaml").Select(n => new object[] { n });

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Load_BadInput_ThrowsOneLineSpecExceptionWithFieldAndPosition(string file)
    {
        string path = Path.Combine(TestFiles.BadInputs, file);
        string expectedFile = Path.ChangeExtension(path, ".expected");
        Assert.IsTrue(File.Exists(expectedFile), $"{file} has no sibling .expected file");
        string expected = File.ReadAllText(expectedFile).Trim();

        SpecException ex = Assert.ThrowsExactly<SpecException>(() => Load(path));

        Assert.DoesNotContain("\n", ex.Message);
        Assert.DoesNotContain("\r", ex.Message);
        Assert.Contains(expected, ex.Message, "actual message: " + ex.Message);
        Assert.IsFalse(string.IsNullOrWhiteSpace(ex.Field), ex.Message);
        Assert.Contains(": " + ex.Field + ": ", ex.Message);
        if (ex.Kind != SpecErrorKind.File)
        {
            Assert.IsGreaterThan(0, ex.Line, ex.Message);
            Assert.IsGreaterThan(0, ex.Column, ex.Message);
        }

        if (ex.Line > 0)
        {
            string position = string.Create(CultureInfo.InvariantCulture, $"{ex.SourceName}:{ex.Line}:{ex.Column}: {ex.Field}: ");
            Assert.StartsWith(position, ex.Message);
        }
        else
        {
            Assert.StartsWith(ex.SourceName + ": " + ex.Field + ": ", ex.Message);
        }
    }

    [TestMethod]
    public void Corpus_EveryCase_HasAnExpectationAndTheCorpusIsLarge()
    {
        List<string> cases = [.. TestFiles.Names(TestFiles.BadInputs, "*.yaml")];
        List<string> expectations = [.. TestFiles.Names(TestFiles.BadInputs, "*.expected")];
        Assert.IsGreaterThanOrEqualTo(200, cases.Count);
        CollectionAssert.AreEqual(
            cases.Select(Path.GetFileNameWithoutExtension).ToList(),
            expectations.Select(Path.GetFileNameWithoutExtension).ToList());
    }

    [TestMethod]
    public void LoadFile_HundredMegabyteFile_RefusedBeforeReading()
    {
        string path = Path.Combine(Path.GetTempPath(), $"deepscale-huge-{Environment.ProcessId}.yaml");
        try
        {
            using (FileStream f = File.Create(path))
            {
                f.SetLength(100L << 20);
            }

            SpecException ex = Assert.ThrowsExactly<SpecException>(() => ScenarioLoader.LoadFile(path));

            Assert.AreEqual(SpecErrorKind.File, ex.Kind);
            Assert.Contains("is 104857600 bytes; spec files over 1048576 bytes (1 MiB) are refused", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void LoadText_TextOverTheLimit_Refused()
    {
        string text = "name: x\n" + new string('#', (int)SpecLimits.MaxFileBytes);

        SpecException ex = Assert.ThrowsExactly<SpecException>(() => ScenarioLoader.LoadText(text, "big.yaml"));

        Assert.StartsWith("big.yaml: (file): is ", ex.Message);
    }

    [TestMethod]
    public void LoadFile_MissingFile_NamesTheFile()
    {
        SpecException ex = Assert.ThrowsExactly<SpecException>(() => ScenarioLoader.LoadFile("no/such/spec.yaml"));

        Assert.AreEqual("no/such/spec.yaml: (file): no such file", ex.Message);
    }

    [TestMethod]
    public void LoadFile_Directory_IsNotASpec()
    {
        SpecException ex = Assert.ThrowsExactly<SpecException>(() => ScenarioLoader.LoadFile(TestFiles.Good));

        Assert.EndsWith("(file): is a directory, not a spec file", ex.Message);
    }

    private static void Load(string path)
    {
        if (Path.GetFileName(path).StartsWith("exp-", StringComparison.Ordinal))
        {
            Experiment experiment = ExperimentLoader.LoadFile(path);
            SweepExpander.Expand(experiment).ThrowIfInvalid();
        }
        else
        {
            ScenarioLoader.LoadFile(path);
        }
    }
}
