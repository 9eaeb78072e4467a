using DeepScale.Cli.Tests.Invocation;

namespace DeepScale.Cli.Tests.Commands;

/// <summary><c>deepscale sweep</c> and <c>report</c> when a series has no configuration that fits in memory.</summary>
[TestClass]
[DoNotParallelize]
public sealed class SweepReportTests
{
    // Without ZeRO, Llama 3 8B at tensor 2 needs more than 80 GiB on every node count; with ZeRO-1 it fits.
    private const string Experiment = """
        name: nothing-fits
        description: one series fits nowhere
        base:
          name: b
          model: { preset: llama3-8b }
          cluster: { system: dgx-h100, nodes: 1 }
          parallelism: { tensor: 2 }
          training: { global_batch: 64, micro_batch: 1 }
          fidelity: analytical
        mode: product
        sweep:
          cluster.nodes: [1, 2]
          parallelism.zero: [0, 1]
        """;

    [TestMethod]
    public void Sweep_ASeriesThatFitsNowhere_StillWritesTheSummaryAndCharts_AndReportRedrawsThem()
    {
        using var work = new ScratchFolder("sweep-nothing-fits");
        File.WriteAllText(work["experiment.yaml"], Experiment);

        CliOutcome sweep = CliRunner.InProcess(work.Path, "sweep", "experiment.yaml", "--out", "out");
        Assert.AreEqual(0, sweep.ExitCode, sweep.ToString());
        Assert.IsTrue(File.Exists(work["out/summary.md"]));
        Assert.IsTrue(File.Exists(work["out/scaling-efficiency.png"]));

        CliOutcome report = CliRunner.InProcess(work.Path, "report", "out");
        Assert.AreEqual(0, report.ExitCode, report.ToString());
    }
}
