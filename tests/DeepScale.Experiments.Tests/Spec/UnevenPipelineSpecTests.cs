using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Tests.Spec;

/// <summary>
/// <c>parallelism.stage_layers</c> end to end: layer counts the stages do not divide run, the slowest stage sets the
/// pace, memory follows each stage's layers, and the fidelities agree with each other.
/// </summary>
[TestClass]
public sealed class UnevenPipelineSpecTests
{
    // gpt3-1.7b: 24 layers on 4 stages, 2 replicas.
    private static Scenario Spec(string split, string schedule = "1f1b", int virtualStages = 1) =>
        ScenarioLoader.LoadText($$"""
            name: uneven
            model: { preset: gpt3-1.7b }
            cluster: { system: dgx-a100-80gb, gpus: 8 }
            parallelism:
              pipeline: 4
              schedule: {{schedule}}
              virtual_stages: {{virtualStages}}
              {{split}}
            training:
              global_batch: 32
              micro_batch: 2
              precision: bf16
            """, "uneven.yaml");

    private static RunResult Run(Scenario s, Fidelity fidelity) => ScenarioRunner.Run(s, new RunOptions { Fidelity = fidelity }).Result;

    [TestMethod]
    public void Load_StageLayers_ReachesTheLayout()
    {
        CollectionAssert.AreEqual(new[] { 5, 7, 6, 6 }, Spec("stage_layers: [5, 7, 6, 6]").Layout.StageLayers.ToArray());
        Assert.IsTrue(Spec("").Layout.StageLayers.IsEmpty);
    }

    [TestMethod]
    public void Replay_TheSlowestStageSetsThePace()
    {
        // gpt3-1.7b's head (a 51,200 × 2,304 GEMM and the loss) costs about 1.6 transformer layers, so the equal split's
        // last stage is its slowest: moving layers off it speeds the pipeline up, moving layers onto it slows it down.
        RunResult equal = Run(Spec("stage_layers: [6, 6, 6, 6]"), Fidelity.Symmetric);
        RunResult same = Run(Spec(""), Fidelity.Symmetric);
        RunResult balanced = Run(Spec("stage_layers: [7, 7, 6, 4]"), Fidelity.Symmetric);
        RunResult heavier = Run(Spec("stage_layers: [6, 6, 4, 8]"), Fidelity.Symmetric);

        Assert.AreEqual(same.IterationTimeS, equal.IterationTimeS, 1e-12, "an explicit equal split is the default");
        Assert.IsLessThan(equal.IterationTimeS * 0.97, balanced.IterationTimeS, "balanced against equal");
        Assert.IsGreaterThan(equal.IterationTimeS * 1.10, heavier.IterationTimeS, "two more layers on the head's stage");
    }

    [TestMethod]
    public void Memory_FollowsTheStagesLayers()
    {
        // The first stage holds the embedding, the largest stage of the equal split; one more layer there raises the peak.
        RunResult equal = Run(Spec(""), Fidelity.Analytical);
        RunResult fuller = Run(Spec("stage_layers: [7, 5, 6, 6]"), Fidelity.Analytical);
        RunResult lighter = Run(Spec("stage_layers: [5, 7, 6, 6]"), Fidelity.Analytical);

        Assert.IsGreaterThan(equal.Memory.WeightsGib, fuller.Memory.WeightsGib);
        Assert.IsLessThan(equal.Memory.WeightsGib, lighter.Memory.WeightsGib);
    }

    [TestMethod]
    public void Load_StagesThatDoNotDivideTheLayers_SplitAsNearlyEquallyAsTheyCan()
    {
        // 24 layers on 5 stages: 4, 5, 5, 5, 5 (the remainder on the middle stages first, then the last).
        Scenario implicitSplit = ScenarioLoader.LoadText("""
            name: five
            model: { preset: gpt3-1.7b }
            cluster: { system: dgx-a100-80gb, gpus: 5, gpus_per_node: 5 }
            parallelism: { pipeline: 5 }
            training: { global_batch: 20, micro_batch: 2, precision: bf16 }
            """, "five.yaml");
        Scenario explicitSplit = ScenarioLoader.LoadText("""
            name: five
            model: { preset: gpt3-1.7b }
            cluster: { system: dgx-a100-80gb, gpus: 5, gpus_per_node: 5 }
            parallelism: { pipeline: 5, stage_layers: [4, 5, 5, 5, 5] }
            training: { global_batch: 20, micro_batch: 2, precision: bf16 }
            """, "five.yaml");

        RunResult implicitRun = Run(implicitSplit, Fidelity.Symmetric);
        Assert.AreEqual(Run(explicitSplit, Fidelity.Symmetric).IterationTimeS, implicitRun.IterationTimeS, 1e-12);
        Assert.AreEqual(implicitRun.IterationTimeS, Run(implicitSplit, Fidelity.Analytical).IterationTimeS, implicitRun.IterationTimeS * 0.10);
    }

    [TestMethod]
    [DataRow("stage_layers: [4, 8, 6, 6]", "1f1b", 1)]
    [DataRow("stage_layers: [2, 4, 3, 3, 3, 3, 3, 3]", "interleaved-1f1b", 2)]
    public void Fidelities_Agree(string split, string schedule, int virtualStages)
    {
        Scenario s = Spec(split, schedule, virtualStages);
        double symmetric = Run(s, Fidelity.Symmetric).IterationTimeS;
        double full = Run(s, Fidelity.Full).IterationTimeS;
        double analytical = Run(s, Fidelity.Analytical).IterationTimeS;

        Assert.AreEqual(symmetric, full, symmetric * 0.01, "symmetric against full");
        Assert.AreEqual(symmetric, analytical, symmetric * 0.10, "analytical against symmetric");
    }
}
