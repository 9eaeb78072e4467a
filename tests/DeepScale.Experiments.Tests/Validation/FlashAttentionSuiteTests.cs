using DeepScale.Core.Units;
using DeepScale.Experiments.Validation;
using DeepScale.Hardware.Catalog;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;

namespace DeepScale.Experiments.Tests.Validation;

[TestClass]
public sealed class FlashAttentionSuiteTests
{
    private static readonly ComputeCostModel s_a100 = new(HardwareCatalog.Default.Accelerator("a100-sxm4-40gb"),
        HardwareCatalog.Default.EfficiencyProfile("a100-sxm4-40gb"));

    [TestMethod]
    public void Time_UnfusedForward_IsTwoGemmsAndOneSoftmaxPassThroughHbm()
    {
        // b·h·s² scores: the scores GEMM writes them, the softmax reads and writes them, the context GEMM reads them.
        (Duration forward, _) = FlashAttentionSuite.Time(s_a100, AttentionImplementation.Unfused, dropout: false, 4096, 16, 8, 64);
        double scores = 16.0 * 8 * 4096 * 4096 * 2;
        double hbm = s_a100.AchievableMemoryBandwidth.BytesPerSecond;

        Assert.IsGreaterThan(4 * scores / hbm, forward.Seconds, "at least four passes over the scores");
        Assert.IsLessThan(1.25 * 4 * scores / hbm, forward.Seconds, "memory-bound: little beyond the four passes");
    }

    /// <summary>
    /// The devices' HBM fraction was derived from PyTorch's attention forward without dropout at 2,048–8,192 tokens
    /// (Dao et al. 2022, Table 18); the profile must keep reproducing those rows.
    /// </summary>
    [TestMethod]
    public void CalibrationRows_AreReproducedByTheHbmFraction()
    {
        SuiteResult suite = ValidationFixture.Suite("flash-attention-2022");
        string[] labels = ["PyTorch Attention forward 2048", "PyTorch Attention forward 4096", "PyTorch Attention forward 8192"];
        ValidationRow[] calibration = [.. suite.Rows.Where(r => labels.Contains(r.Label))];

        Assert.HasCount(3, calibration);
        foreach (ValidationRow row in calibration)
        {
            Assert.IsFalse(row.Scored, row.Label);
            Assert.AreEqual(row.Published, row.Predicted, 0.05 * row.Published, row.Label);
        }
    }

    [TestMethod]
    public void Time_Dropout_AddsItsPassToBothDirections()
    {
        (Duration f0, Duration b0) = FlashAttentionSuite.Time(s_a100, AttentionImplementation.Unfused, dropout: false, 2048, 16, 8, 64);
        (Duration f1, Duration b1) = FlashAttentionSuite.Time(s_a100, AttentionImplementation.Unfused, dropout: true, 2048, 16, 8, 64);

        Assert.IsGreaterThan(f0, f1);
        Assert.IsGreaterThan(b0, b1);
    }

    [TestMethod]
    public void Time_FlashForward_ScalesWithTheSquareOfTheSequence()
    {
        (Duration a, _) = FlashAttentionSuite.Time(s_a100, AttentionImplementation.Flash1, dropout: false, 8192, 16, 8, 64);
        (Duration b, _) = FlashAttentionSuite.Time(s_a100, AttentionImplementation.Flash1, dropout: false, 16384, 16, 8, 64);

        Assert.AreEqual(4.0, b / a, 0.05);
    }

    /// <summary>
    /// The first FlashAttention runs its backward at the forward's FLOP rate (the paper's Tables 18 and 19: 66 TFLOP/s
    /// both at long sequences), so the backward takes its FLOP ratio, 2.5 times the forward (five matmuls to two).
    /// </summary>
    [TestMethod]
    public void Time_FirstFlashAttention_BackwardAtTheForwardRate()
    {
        (Duration forward, Duration backward) = FlashAttentionSuite.Time(s_a100, AttentionImplementation.Flash1, dropout: false, 16384, 16, 8, 64);

        Assert.AreEqual(2.5, backward / forward, 0.025);
    }

    /// <summary>
    /// The table's batch of 16 sequences with 8 heads gives the first FlashAttention's CUDA kernel 128 thread blocks:
    /// two waves on the A100's 108 SMs, the second 20 full (Dao 2023, Sec. 3.2), where a kernel that splits the
    /// 4,096 rows into 32 query blocks of 128 fills 38 waves almost completely.
    /// </summary>
    [TestMethod]
    public void Time_FirstFlashAttention_RunsTwoWavesOfOneThreadBlockPerHead()
    {
        (Duration cuda, Duration cudaBwd) = FlashAttentionSuite.Time(s_a100, AttentionImplementation.Flash1, dropout: false, 4096, 16, 8, 64);
        (Duration triton, Duration tritonBwd) = FlashAttentionSuite.Time(s_a100, AttentionImplementation.FlashTriton, dropout: false, 4096, 16, 8, 64);
        double expected = (4096.0 / (38 * 108)) / (128.0 / 216);

        Assert.AreEqual(expected, cuda / triton, 0.01 * expected);
        Assert.AreEqual(expected, cudaBwd / tritonBwd, 0.01 * expected);
    }
}
