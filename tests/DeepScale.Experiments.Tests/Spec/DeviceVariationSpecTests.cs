using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Workloads.Cost;

namespace DeepScale.Experiments.Tests.Spec;

/// <summary><c>cluster.device_variation</c>: a job on devices that vary runs at its slowest device's pace.</summary>
[TestClass]
public sealed class DeviceVariationSpecTests
{
    private static Scenario Spec(int gpus, string? variation) => ScenarioLoader.LoadText($$"""
        name: dv
        model:
          preset: gpt3-1.7b
        cluster:
          system: dgx-a100-80gb
          gpus: {{gpus}}
          {{(variation is null ? "" : "device_variation: " + variation)}}
        parallelism:
          overlap: { grad_reduce: false }
        training:
          global_batch: {{gpus}}
          micro_batch: 1
          precision: bf16
        """, "dv.yaml");

    [TestMethod]
    public void Load_WithoutTheKey_DevicesAreIdentical()
    {
        Scenario s = Spec(64, null);

        Assert.AreEqual(0.0, s.Cluster.DeviceVariation);
        Assert.AreEqual(1.0, s.Cluster.PaceFactor);
    }

    [TestMethod]
    [DataRow(Fidelity.Analytical)]
    [DataRow(Fidelity.Symmetric)]
    public void Run_ProductionVariation_StretchesComputeByTheSlowestDevicesPace(Fidelity fidelity)
    {
        BreakdownResult Run(string? v) => ScenarioRunner.Run(Spec(64, v), new RunOptions { Fidelity = fidelity }).Result.BreakdownS;

        BreakdownResult same = Run(null), varied = Run("0.015");
        double slowest = DeviceVariation.SlowestSpeed(0.015, 64);

        // GEMMs stretch by 1/slowest; streaming kernels keep the memory's pace, so the forward stretches by less.
        Assert.IsGreaterThan(same.Forward, varied.Forward);
        Assert.IsLessThanOrEqualTo(same.Forward / slowest * 1.0001, varied.Forward);
        Assert.IsGreaterThan(same.Forward * (1 + ((1 / slowest) - 1) / 2), varied.Forward);
        Assert.AreEqual(same.ExposedDpComm, varied.ExposedDpComm, 0.05 * same.ExposedDpComm);
    }

    [TestMethod]
    public void Run_ProductionVariation_ReportsTheSlowestDevicesPaceOutsideTheJsonContract()
    {
        RunResult varied = ScenarioRunner.Run(Spec(64, "0.015"), new RunOptions { Fidelity = Fidelity.Analytical }).Result;
        RunResult same = ScenarioRunner.Run(Spec(64, null), new RunOptions { Fidelity = Fidelity.Analytical }).Result;

        Assert.AreEqual(DeviceVariation.SlowestSpeed(0.015, 64), varied.DevicePace, 1e-12);
        Assert.AreEqual(1.0, same.DevicePace);
        Assert.DoesNotContain("pace", System.Text.Json.JsonSerializer.Serialize(varied));
    }

    [TestMethod]
    public void Run_FullFidelity_DrawsASpeedPerDeviceAndAgreesWithTheExpectedPace()
    {
        static RunResult Run(Fidelity f, string? v) => ScenarioRunner.Run(Spec(64, v), new RunOptions { Fidelity = f }).Result;

        RunResult full = Run(Fidelity.Full, "0.015");
        RunResult again = Run(Fidelity.Full, "0.015");
        RunResult symmetric = Run(Fidelity.Symmetric, "0.015");
        double[] draws = DeviceVariation.Draws(0.015, 64, 42);

        // Each rank runs at its own drawn speed; the data-parallel reduction waits for the slowest, whose draw sits
        // near the expected maximum the other fidelities use.
        Assert.AreEqual(draws.Min(), full.DevicePace, 1e-12);
        Assert.AreEqual(full.IterationTimeS, again.IterationTimeS);
        Assert.IsGreaterThan(Run(Fidelity.Full, null).IterationTimeS, full.IterationTimeS);
        Assert.AreEqual(symmetric.IterationTimeS, full.IterationTimeS, 0.01 * symmetric.IterationTimeS);
    }

    [TestMethod]
    public void Draws_AreDeterministicAndInsideTheWhiskers()
    {
        double[] a = DeviceVariation.Draws(0.015, 1000, 7), b = DeviceVariation.Draws(0.015, 1000, 7);

        CollectionAssert.AreEqual(a, b);
        Assert.IsTrue(a.All(s => Math.Abs(1 - s) <= 0.015 * DeviceVariation.WhiskerSigmas));
        Assert.AreEqual(1.0, a.Average(), 0.002);
        CollectionAssert.AreNotEqual(a, DeviceVariation.Draws(0.015, 1000, 8));
    }

    [TestMethod]
    public void Run_ProductionVariation_CostsABigJobMoreThanASmallOne()
    {
        static double Slowdown(int gpus) =>
            ScenarioRunner.Run(Spec(gpus, "0.015"), new RunOptions { Fidelity = Fidelity.Analytical }).Result.IterationTimeS
            / ScenarioRunner.Run(Spec(gpus, null), new RunOptions { Fidelity = Fidelity.Analytical }).Result.IterationTimeS;

        Assert.IsLessThan(Slowdown(1024), Slowdown(8));
    }
}
