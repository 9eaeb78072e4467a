using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Experiments.Validation;
using DeepScale.Hardware.Catalog;
using DeepScale.Workloads.Accounting;

namespace DeepScale.Experiments.Tests.Validation;

/// <summary>MosaicML's MPT benchmarks on one node of 8 H100 or 8 A100 with FSDP, at analytical fidelity.</summary>
[TestClass]
public sealed class LlmFoundrySuiteTests
{
    private static SuiteResult Suite => ValidationFixture.Suite("llm-foundry-mpt");

    private static CsvRow Row(string gpu, string model, int seq) =>
        ValidationFixture.Data.Table(LlmFoundrySuite.FileName).Rows
            .First(r => r["gpu"] == gpu && r["model"] == model && r["seq_len"] == seq.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [TestMethod]
    public void SpecYaml_Row_IsTheBenchmarkModelOnOneNodeWithFsdp()
    {
        Scenario s = ScenarioLoader.LoadText(LlmFoundrySuite.SpecYaml(Row("a100-80gb", "mpt-7b", 2048)), "mpt", ValidationFixture.Analytical.CatalogOrDefault);

        Assert.AreEqual(8, s.Cluster.Gpus);
        Assert.AreEqual("dgx-a100-80gb", s.Cluster.SystemId);
        Assert.AreEqual(3, s.Layout.ZeroStage);
        Assert.AreEqual(RecomputeMode.None, s.Layout.Recompute);
        Assert.AreEqual(AttentionImplementation.FlashTriton, s.Layout.Attention);
        Assert.AreEqual(96, s.Layout.GlobalBatch);
        Assert.AreEqual(6, s.Layout.MicroBatch);
    }

    [TestMethod]
    public void Run_Rows_ArePredictedTokensPerSecondPerGpu()
    {
        CsvRow row = Row("h100-80gb", "mpt-7b", 2048);
        RunResult result = ScenarioRunner.Run(ScenarioLoader.LoadText(LlmFoundrySuite.SpecYaml(row), "mpt", ValidationFixture.Analytical.CatalogOrDefault),
            new RunOptions { Fidelity = Fidelity.Analytical }).Result;

        ValidationRow compared = Suite.Rows.Single(r => r.Label == "mpt-7b h100-80gb seq 2048");

        Assert.AreEqual(result.TokensPerS / 8, compared.Predicted, 1e-6 * compared.Predicted);
        Assert.AreEqual(10643, compared.Published);
        Assert.IsFalse(Suite.FailsCheck, $"MAPE {Suite.MapePercent}");
    }

    [TestMethod]
    public void Run_SameModel_H100FasterThanA100ByLessThanItsPeak()
    {
        double h100 = Suite.Rows.Single(r => r.Label == "mpt-7b h100-80gb seq 4096").Predicted;
        double a100 = Suite.Rows.Single(r => r.Label == "mpt-7b a100-80gb seq 4096").Predicted;

        // 989 vs 312 TFLOP/s of bf16 peak; memory bandwidth grows by 3.35 / 2.04 only.
        Assert.IsGreaterThan(1.5 * a100, h100);
        Assert.IsLessThan(989.0 / 312 * a100, h100);
    }
}
