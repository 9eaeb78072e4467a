using DeepScale.Cli.Tests.Invocation;
using DeepScale.Experiments.Spec;

namespace DeepScale.Cli.Tests.Commands;

[TestClass]
[DoNotParallelize]
public sealed class SpecCommandTests
{
    [TestMethod]
    public void Spec_PrintsEveryFieldPathOfTheSchema()
    {
        using var work = new ScratchFolder("spec");
        CliOutcome outcome = CliRunner.InProcess(work.Path, "spec");

        Assert.AreEqual(0, outcome.ExitCode, outcome.StandardError);
        Assert.AreEqual(SpecSchema.ToMarkdown(), outcome.StandardOutput);
        foreach (string path in SpecSchema.FieldPaths)
        {
            Assert.Contains($"| `{path}` |", outcome.StandardOutput);
        }

        Assert.Contains("| `parallelism.collective_algorithm` | auto \\| ring \\| tree \\| halving-doubling \\| hierarchical | auto |", outcome.StandardOutput);
    }
}
