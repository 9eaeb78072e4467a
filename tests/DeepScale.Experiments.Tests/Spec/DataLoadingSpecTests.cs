using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Tests.Spec;

/// <summary>
/// The input pipeline at every fidelity: an iteration lasts at least as long as its micro-batches take to load, and
/// the analytical closed form agrees with the replayed loaders.
/// </summary>
[TestClass]
public sealed class DataLoadingSpecTests
{
    private static Scenario Spec(string decode, int workersPerNode = 8) => ScenarioLoader.LoadText($$"""
        name: input
        model: { preset: resnet50 }
        cluster: { system: dgx-a100-80gb, nodes: 1 }
        training: { global_batch: 2048, micro_batch: 256 }
        data: { samples: 1281167, bytes_per_sample: "110 KB", decode_time_per_sample: "{{decode}}", workers_per_node: {{workersPerNode}} }
        """, "input.yaml");

    private static RunResult Run(Scenario s, Fidelity fidelity) => ScenarioRunner.Run(s, new RunOptions { Fidelity = fidelity }).Result;

    [TestMethod]
    public void InputBound_AnalyticalStallsLikeTheReplay_AtTheDecodeTimeOfTheBatch()
    {
        // One worker per GPU decodes the GPU's 256 images of the iteration at 5 ms each: 1.28 s.
        Scenario s = Spec("5 ms");
        RunResult analytical = Run(s, Fidelity.Analytical);
        RunResult symmetric = Run(s, Fidelity.Symmetric);

        Assert.AreEqual(1.28, analytical.IterationTimeS, 0.05);
        Assert.AreEqual(symmetric.IterationTimeS, analytical.IterationTimeS, symmetric.IterationTimeS * 0.10);
        Assert.IsGreaterThan(0.9 * analytical.IterationTimeS, analytical.BreakdownS.DataStall);
        Assert.AreEqual(analytical.IterationTimeS, analytical.BreakdownS.Total, 1e-9);
    }

    [TestMethod]
    public void MoreWorkers_ShortenTheStall()
    {
        double few = Run(Spec("5 ms", workersPerNode: 8), Fidelity.Analytical).IterationTimeS;
        double many = Run(Spec("5 ms", workersPerNode: 32), Fidelity.Analytical).IterationTimeS;

        Assert.AreEqual(few / 4, many, few * 0.02);
    }

    [TestMethod]
    public void FastLoaders_NeverStall()
    {
        RunResult r = Run(Spec("0.01 ms"), Fidelity.Analytical);

        Assert.AreEqual(0, r.BreakdownS.DataStall);
    }
}
