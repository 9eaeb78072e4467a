using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Parallelism.Layout;

namespace DeepScale.Experiments.Tests.Spec;

/// <summary><c>parallelism.collective_algorithm</c>: NCCL_ALGO for a training run.</summary>
[TestClass]
public sealed class CollectiveAlgorithmSpecTests
{
    private static Scenario Spec(string algorithm) => ScenarioLoader.LoadText($$"""
        name: dp
        model:
          preset: gpt3-1.7b
        cluster:
          system: dgx-a100-80gb
          gpus: 64
        parallelism:
          collective_algorithm: {{algorithm}}
          overlap: { grad_reduce: false }
        training:
          global_batch: 64
          micro_batch: 1
          precision: bf16
        """, "dp.yaml");

    [TestMethod]
    [DataRow("auto", CollectiveChoice.Auto)]
    [DataRow("ring", CollectiveChoice.Ring)]
    [DataRow("tree", CollectiveChoice.Tree)]
    [DataRow("halving-doubling", CollectiveChoice.HalvingDoubling)]
    [DataRow("hierarchical", CollectiveChoice.Hierarchical)]
    public void Load_CollectiveAlgorithm_ReadsEverySpelling(string spelling, CollectiveChoice expected) =>
        Assert.AreEqual(expected, Spec(spelling).Layout.Collectives);

    [TestMethod]
    public void Run_HalvingDoubling_ChangesTheDataParallelReductionAndAnalyticalAgreesWithTheReplay()
    {
        // The 3.3 GB gradient all-reduce over 8 nodes: NCCL's ring against recursive halving-doubling, which the
        // model builds without NCCL's channels and pipelining and so finds slower at this size.
        RunResult ring = ScenarioRunner.Run(Spec("ring"), new RunOptions { Fidelity = Fidelity.Symmetric }).Result;
        RunResult hd = ScenarioRunner.Run(Spec("halving-doubling"), new RunOptions { Fidelity = Fidelity.Symmetric }).Result;
        RunResult hdAnalytical = ScenarioRunner.Run(Spec("halving-doubling"), new RunOptions { Fidelity = Fidelity.Analytical }).Result;

        Assert.AreNotEqual(ring.BreakdownS.ExposedDpComm, hd.BreakdownS.ExposedDpComm);
        Assert.AreEqual(ring.BreakdownS.Forward, hd.BreakdownS.Forward, 1e-9);
        Assert.AreEqual(hd.IterationTimeS, hdAnalytical.IterationTimeS, 0.10 * hd.IterationTimeS);
        Assert.IsNull(Spec("auto").Layout.Collectives.Preferred());
    }
}
