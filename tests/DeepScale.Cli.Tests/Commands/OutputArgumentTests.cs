using DeepScale.Cli.Commands;
using DeepScale.Cli.Tests.Invocation;

namespace DeepScale.Cli.Tests.Commands;

/// <summary>Output paths and result files a user gets wrong: exit code 2 with one line naming the option or file.</summary>
[TestClass]
[DoNotParallelize]
public sealed class OutputArgumentTests
{
    private const string Spec = """
        name: small
        model: { preset: gpt3-1.7b }
        cluster: { system: dgx-a100-80gb, nodes: 1 }
        training: { global_batch: 8, precision: bf16 }
        """;

    [TestMethod]
    [DataRow("", "--trace needs a value")]
    [DataRow(".", "is a directory")]
    [DataRow("missing/trace.json", "does not exist")]
    public void Simulate_UnwritableTrace_IsRefusedBeforeSimulating(string trace, string message)
    {
        using var work = new ScratchFolder("trace-path");
        File.WriteAllText(work["spec.yaml"], Spec);

        CliOutcome outcome = CliRunner.InProcess(work.Path, "simulate", "spec.yaml", "--fidelity", "symmetric", "--trace", trace);

        Assert.AreEqual(2, outcome.ExitCode, outcome.ToString());
        Assert.HasCount(1, outcome.ErrorLines);
        Assert.Contains(message, outcome.StandardError);
        Assert.AreEqual("", outcome.StandardOutput);
    }

    [TestMethod]
    public void Report_PointsWithANaN_IsBadInputNamingTheRow()
    {
        using var work = new ScratchFolder("report-nan");
        File.WriteAllText(work["experiment.yaml"], """
            name: tiny
            description: two points
            base:
              name: b
              model: { preset: gpt3-1.7b }
              cluster: { system: dgx-a100-80gb, nodes: 1 }
              training: { global_batch: 8, precision: bf16 }
              fidelity: analytical
            sweep:
              parallelism.tensor: [1, 2]
            """);
        Assert.AreEqual(0, CliRunner.InProcess(work.Path, "sweep", "experiment.yaml", "--out", "out").ExitCode);
        string[] lines = File.ReadAllLines(work["out/points.csv"]);
        string[] header = lines[0].Split(',');
        int column = Array.IndexOf(header, "iteration_time_s");
        string[] cells = lines[1].Split(',');
        cells[column] = "NaN";
        lines[1] = string.Join(',', cells);
        File.WriteAllLines(work["out/points.csv"], lines);

        CliOutcome outcome = CliRunner.InProcess(work.Path, "report", "out");

        Assert.AreEqual(2, outcome.ExitCode, outcome.ToString());
        Assert.HasCount(1, outcome.ErrorLines);
        Assert.Contains("row 1", outcome.StandardError);
    }

    [TestMethod]
    [DataRow("../../escape", "..-..-escape")]
    [DataRow("..", "-..")]
    [DataRow("a b/c", "a-b-c")]
    public void ResultsFolder_NeverLeavesResults(string name, string folder)
    {
        Assert.AreEqual(Path.Combine("results", "plans", folder), ResultsFolder.For(name, "plans"));
        Assert.AreEqual(Path.Combine("results", folder), ResultsFolder.For(name));
    }
}
