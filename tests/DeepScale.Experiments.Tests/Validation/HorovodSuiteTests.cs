using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Experiments.Validation;

namespace DeepScale.Experiments.Tests.Validation;

/// <summary>The Horovod scaling suite on 4-GPU P100 servers, at analytical fidelity.</summary>
[TestClass]
public sealed class HorovodSuiteTests
{
    private static SuiteResult Suite => ValidationFixture.Suite("horovod");

    private static RunResult Run(string preset, int gpus, int nicGbps, bool tcp = false)
    {
        Scenario scenario = ScenarioLoader.LoadText(HorovodSuite.SpecYaml(preset, gpus, nicGbps, tcp), $"horovod {gpus}", ValidationFixture.Analytical.CatalogOrDefault);
        return ScenarioRunner.Run(scenario, new RunOptions { Fidelity = Fidelity.Analytical }).Result;
    }

    [TestMethod]
    public void Run_CheckoutData_ScoresTheSixNcclRowsAndSkipsTheRest()
    {
        SuiteResult suite = Suite;

        Assert.IsTrue(suite.Ran, suite.NotRunnableReason);
        Assert.HasCount(6, suite.ScoredRows);
        Assert.IsTrue(suite.ScoredRows.All(r => r.Inputs[suite.InputColumns.IndexOf("setup")].Contains("allreduce on GPU with NCCL", StringComparison.Ordinal)));
        Assert.HasCount(42 - 10, suite.Skipped);
        Assert.IsTrue(suite.Skipped.All(s => s.Kind != SkipKind.Failed));
        Assert.AreEqual(14, suite.Skipped.Count(s => s.Label.StartsWith("Inception V3", StringComparison.Ordinal)));
        Assert.IsTrue(suite.Skipped.Any(s => s.Reason.Contains("parameter-server", StringComparison.Ordinal)));
        Assert.IsTrue(suite.Skipped.Any(s => s.Reason.Contains("host memory", StringComparison.Ordinal)));
        Assert.IsFalse(suite.FailsCheck, $"MAPE {suite.MapePercent}");
    }

    [TestMethod]
    public void Run_SpeedupRow_IsTheThroughputRatioOfTheTwoScenarios()
    {
        double expected = Run("resnet101", 64, 40, tcp: true).SamplesPerS / Run("resnet101", 1, 40).SamplesPerS;

        ValidationRow row = Suite.Rows.Single(r => r.Label == "ResNet-101 TCP NCCL 64 GPUs (40G TCP testbed)");

        Assert.AreEqual(expected, row.Predicted, 1e-9);
        Assert.AreEqual(56.9, row.Published, 1e-12);
        Assert.IsLessThanOrEqualTo(64, row.Predicted);
    }

    [TestMethod]
    public void Run_TcpRowsAtSixteenGpus_SlowerThanRdmaAndVggMost()
    {
        // Over TCP sockets the NICs carry 0.6 of their line rate; VGG-16 moves 3x ResNet-101's gradients.
        double Speedup(string model, string transport) =>
            Suite.Rows.Single(r => r.Label == $"{model} {transport} NCCL 16 GPUs (25G RoCE testbed)").Predicted;

        double resnet = Speedup("ResNet-101", "TCP") / Speedup("ResNet-101", "RDMA");
        double vgg = Speedup("VGG-16", "TCP") / Speedup("VGG-16", "RDMA");
        Assert.IsLessThan(1, resnet);
        Assert.IsLessThan(resnet, vgg);
        Assert.Contains("transport: tcp", HorovodSuite.SpecYaml("vgg16", 16, 25, tcp: true));
    }

    [TestMethod]
    public void Run_BaselineRows_AreSingleGpuImagesPerSecondAndUnscored()
    {
        ValidationRow row = Suite.Rows.Single(r => r.Label == "VGG-16 1 GPU images/s 1 GPUs (25G RoCE testbed)");

        Assert.IsFalse(row.Scored);
        Assert.AreEqual(130.9, row.Published, 1e-12);
        Assert.AreEqual(Run("vgg16", 1, 25).SamplesPerS, row.Predicted, 1e-9);
    }

    [TestMethod]
    public void Run_SlowerNetwork_LowersVggSpeedupMoreThanResNet()
    {
        // VGG-16 carries about 3x ResNet-101's parameters for 2x its multiply-adds, so a slower network costs it more.
        double resnet = Run("resnet101", 16, 1).SamplesPerS / Run("resnet101", 16, 25).SamplesPerS;
        double vgg = Run("vgg16", 16, 1).SamplesPerS / Run("vgg16", 16, 25).SamplesPerS;

        Assert.IsLessThan(1, vgg);
        Assert.IsLessThan(resnet, vgg);
    }

    [TestMethod]
    public void SpecYaml_SixteenGpus_FourServersOfFourP100AtTheStatedRate()
    {
        string yaml = HorovodSuite.SpecYaml("vgg16", 16, 25);
        Scenario scenario = ScenarioLoader.LoadText(yaml, "horovod 16", ValidationFixture.Analytical.CatalogOrDefault);
        RunResult result = ScenarioRunner.Run(scenario, new RunOptions { Fidelity = Fidelity.Analytical }).Result;

        Assert.AreEqual(16, result.Gpus);
        Assert.AreEqual(4, scenario.Cluster.Nodes);
        Assert.IsTrue(result.Memory.Fits);
        Assert.AreEqual(64.0 * 16 / result.IterationTimeS, result.SamplesPerS, 1e-6 * result.SamplesPerS);
        Assert.Contains("nic_rate: \"25 Gbit/s\"", yaml);
        Assert.Contains("gradient_bucket: \"64 MiB\"", yaml);
        Assert.Contains("precision: fp32", yaml);
    }

    [TestMethod]
    public void Run_Settings_NameTheSubstituteAndTheFusionBuffer()
    {
        SuiteResult suite = Suite;

        Assert.Contains("p100-sxm2-16gb", suite.Substitution);
        Assert.IsTrue(suite.Settings.Any(l => l.Contains("Tensor Fusion", StringComparison.Ordinal)));
        Assert.IsTrue(suite.Settings.Any(l => l.Contains("gpus_per_node: 4", StringComparison.Ordinal)));
    }
}
