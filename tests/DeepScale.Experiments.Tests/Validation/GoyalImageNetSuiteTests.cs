using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Experiments.Validation;

namespace DeepScale.Experiments.Tests.Validation;

/// <summary>The ImageNet-in-one-hour suite on big-basin-p100 nodes, at analytical fidelity.</summary>
[TestClass]
public sealed class GoyalImageNetSuiteTests
{
    private static SuiteResult Suite => ValidationFixture.Suite("goyal-imagenet");

    private static RunResult Run(int gpus)
    {
        Scenario scenario = ScenarioLoader.LoadText(GoyalImageNetSuite.SpecYaml(gpus), $"goyal {gpus}", ValidationFixture.Analytical.CatalogOrDefault);
        return ScenarioRunner.Run(scenario, new RunOptions { Fidelity = Fidelity.Analytical }).Result;
    }

    [TestMethod]
    public void Run_CheckoutData_ComparesTheThreeScoredRowsAndSkipsTheInexpressibleOnes()
    {
        SuiteResult suite = Suite;

        Assert.IsTrue(suite.Ran, suite.NotRunnableReason);
        CollectionAssert.AreEqual(
            new[] { "wall_clock_training_time 256 GPUs", "scaling_efficiency 8->256 GPUs", "time_per_iteration_increase 8->352 GPUs" },
            suite.ScoredRows.Select(r => r.Label).ToArray());
        Assert.HasCount(2, suite.Skipped);
        Assert.IsTrue(suite.Skipped.All(s => s.Kind != SkipKind.Failed));
        Assert.IsFalse(suite.FailsCheck, $"MAPE {suite.MapePercent}");
    }

    [TestMethod]
    public void Run_ScalingEfficiencyRow_IsThePerGpuThroughputRatioOfTheTwoScenarios()
    {
        double expected = Run(256).SamplesPerS / 256 / (Run(8).SamplesPerS / 8) * 100;

        ValidationRow row = Suite.Rows.Single(r => r.Label == "scaling_efficiency 8->256 GPUs");

        Assert.AreEqual(expected, row.Predicted, 1e-9);
        Assert.AreEqual(90, row.Published);
        Assert.IsLessThanOrEqualTo(100, row.Predicted);
    }

    [TestMethod]
    public void Run_NinetyEpochRow_IsTheImageNetTrainingSetNinetyTimesOverTheThroughput()
    {
        double expectedHours = 1_281_167.0 * 90 / Run(256).SamplesPerS / 3600;

        ValidationRow row = Suite.Rows.Single(r => r.Label == "wall_clock_training_time 256 GPUs");

        Assert.AreEqual(expectedHours, row.Predicted, 1e-9);
        Assert.AreEqual(1, row.Published);
    }

    [TestMethod]
    public void Run_IterationRow_ComparesTheTimeRatioWithOnePointOneTwo()
    {
        ValidationRow row = Suite.Rows.Single(r => r.Label == "time_per_iteration_increase 8->352 GPUs");

        Assert.AreEqual(1.12, row.Published, 1e-12);
        Assert.AreEqual(Run(352).IterationTimeS / Run(8).IterationTimeS, row.Predicted, 1e-9);
        Assert.IsGreaterThanOrEqualTo(1, row.Predicted);
    }

    [TestMethod]
    public void SpecYaml_AnyScale_RunsResNet50InFp32WithThirtyTwoImagesPerGpuOnBigBasin()
    {
        Scenario scenario = ScenarioLoader.LoadText(GoyalImageNetSuite.SpecYaml(256), "goyal 256", ValidationFixture.Analytical.CatalogOrDefault);
        RunResult result = ScenarioRunner.Run(scenario, new RunOptions { Fidelity = Fidelity.Analytical }).Result;

        Assert.AreEqual(256, result.Gpus);
        Assert.IsTrue(result.Memory.Fits);
        Assert.AreEqual(32.0 * 256 / result.IterationTimeS, result.SamplesPerS, 1e-6 * result.SamplesPerS);
        Assert.Contains("big-basin-p100", GoyalImageNetSuite.SpecYaml(8));
        Assert.Contains("precision: fp32", GoyalImageNetSuite.SpecYaml(8));
    }

    [TestMethod]
    public void Run_Calibration_SaysTheP100CeilingIsTheMedianMamfFallback()
    {
        SuiteResult suite = Suite;

        Assert.Contains("median of the measured devices (device not measured)", suite.CalibrationSummary);
        Assert.IsTrue(suite.Calibration.Any(l => l.Contains("median of the measured devices", StringComparison.Ordinal)), string.Join("\n", suite.Calibration));
        Assert.IsTrue(suite.Settings.Any(l => l.Contains("halving-doubling", StringComparison.Ordinal)));
    }
}
