using DeepScale.Hardware.Specs;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Tests.Cost;

/// <summary>
/// The fused attention kernel generations: FlashAttention-2 reaches 50–73% of the A100's peak and the first
/// FlashAttention 25–40% (Dao 2023); on the H100 FlashAttention-2 reaches 35% and FlashAttention-3 75% (Shah et al.
/// 2024). The first FlashAttention's CUDA kernel runs one thread block per sample and head (Dao 2023, Sec. 3.2); the
/// Triton kernel of its generation splits the sequence as FlashAttention-2 does.
/// </summary>
[TestClass]
public sealed class FusedAttentionKernelTests
{
    private static readonly ComputeCostModel s_a100 = ComputeCostModel.ForAccelerator(TestAccelerators.A100Sxm80);
    private static readonly ComputeCostModel s_h100 = ComputeCostModel.ForAccelerator(TestAccelerators.H100Sxm80);

    /// <summary>Forward and backward seconds of one layer's fused attention on a long sequence.</summary>
    private static (double Forward, double Backward) Attention(ComputeCostModel model, AttentionImplementation kernel, int microBatch = 1)
    {
        TransformerModel m = ModelZoo.GetTransformer("llama2-7b") with { SeqLen = 16384 };
        ModelAccount a = ModelAccountant.Account(m, new AccountingOptions { Attention = kernel, MicroBatch = microBatch });
        OperatorTiming t = model.Time(a).OfLayer(1).Single(o => o.Operator.Kind == OperatorKind.FusedAttention);
        return (t.Forward.Seconds, t.Backward.Seconds);
    }

    [TestMethod]
    public void Ampere_FlashIsFlashAttention2_AndTheFirstVersionIsSlower()
    {
        (double flash, double flashBwd) = Attention(s_a100, AttentionImplementation.Flash);
        (double flash2, double flash2Bwd) = Attention(s_a100, AttentionImplementation.Flash2);
        (double flash1, double flash1Bwd) = Attention(s_a100, AttentionImplementation.FlashTriton);

        Assert.AreEqual(flash, flash2, 1e-12);
        Assert.AreEqual(flashBwd, flash2Bwd, 1e-12);
        Assert.AreEqual(0.73 / 0.325, flash1 / flash2, 0.01);
        Assert.AreEqual(0.50 / 0.325, flash1Bwd / flash2Bwd, 0.01);
    }

    [TestMethod]
    public void Hopper_FlashIsTheFlashAttention3Class_TwiceFlashAttention2()
    {
        (double flash, _) = Attention(s_h100, AttentionImplementation.Flash);
        (double flash2, _) = Attention(s_h100, AttentionImplementation.Flash2);
        (double flash1, _) = Attention(s_h100, AttentionImplementation.FlashTriton);

        Assert.AreEqual(0.75 / 0.35, flash2 / flash, 0.01);
        Assert.AreEqual(0.73 / 0.325, flash1 / flash2, 0.01);
    }

    [TestMethod]
    public void FirstFlashAttention_OneThreadBlockPerHead_LeavesSmsIdleWhenBatchTimesHeadsIsSmall()
    {
        // 32 heads of one sample: 32 thread blocks on the A100's 108 SMs, one partial wave. The Triton kernel splits
        // the 16,384 rows into 128 query blocks: 4,096 thread blocks in 38 waves of 108, the last one 100 full.
        (double cuda, double cudaBwd) = Attention(s_a100, AttentionImplementation.Flash1);
        (double triton, double tritonBwd) = Attention(s_a100, AttentionImplementation.FlashTriton);
        double expected = (4096.0 / (38 * 108)) / (32.0 / 108);

        Assert.AreEqual(expected, cuda / triton, 0.01 * expected);
        Assert.AreEqual(expected, cudaBwd / tritonBwd, 0.01 * expected);
    }

    [TestMethod]
    public void FirstFlashAttention_FourSamples_FillMoreOfTheSms()
    {
        // 4 × 32 = 128 thread blocks: two waves on 108 SMs, the second 20 full; per sample 1.69 times faster than one
        // sample's single wave of 32.
        (double one, _) = Attention(s_a100, AttentionImplementation.Flash1);
        (double four, _) = Attention(s_a100, AttentionImplementation.Flash1, microBatch: 4);
        double expected = (128.0 / 216) / (32.0 / 108);

        Assert.AreEqual(expected, 4 * one / four, 0.01 * expected);
    }

    [TestMethod]
    public void Profile_Fractions_FollowTheGeneration()
    {
        ComputeEfficiencyProfile a100 = ComputeEfficiencyProfile.ForAccelerator("a100-sxm4-80gb");
        ComputeEfficiencyProfile h100 = ComputeEfficiencyProfile.ForAccelerator("h100-sxm5-80gb");

        Assert.AreEqual((0.73, 0.50), (a100.FusedAttentionForwardFraction, a100.FusedAttentionBackwardFraction));
        Assert.AreEqual((0.73, 0.50), a100.FlashAttention2);
        Assert.AreEqual((0.325, 0.325), a100.FlashAttention1);
        Assert.AreEqual(0.75, h100.FusedAttentionForwardFraction, 1e-12);
        Assert.AreEqual(0.35, h100.FlashAttention2.Forward, 1e-12);
        Assert.AreEqual(0.50 / 0.73, h100.FlashAttention2.Backward / h100.FlashAttention2.Forward, 1e-9);
    }
}
