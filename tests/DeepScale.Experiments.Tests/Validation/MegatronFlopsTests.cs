using DeepScale.Core.Units;
using DeepScale.Experiments.Validation;

namespace DeepScale.Experiments.Tests.Validation;

[TestClass]
public sealed class MegatronFlopsTests
{
    [TestMethod]
    public void PerIteration_Gpt3_175B_GivesThePapersThirtyFourDays()
    {
        // Narayanan et al. 2021 Sec. 5.1: 300B tokens of GPT-3 175B on 1,024 A100 at 140 TFLOP/s take about 34 days.
        FlopCount perIteration = MegatronFlops.PerIteration(1536, 2048, 96, 12288, 51200);
        double iterations = 300e9 / (1536.0 * 2048);
        Duration days = perIteration * iterations / (FlopRate.FromTera(140) * 1024);
        Assert.AreEqual(34, days.Seconds / 86400, 34 * 0.03);
    }

    [TestMethod]
    public void PerIteration_ShortSequenceTinyVocabulary_IsFourTimesTwoFlopsPerParameterAndToken()
    {
        // Without the attention and logit terms, Eq. 3 is 4 passes (forward, 2 backward, recompute) × 2·P·tokens with P = 12·l·h².
        const int layers = 10;
        const int hidden = 65536;
        FlopCount flops = MegatronFlops.PerIteration(3, 2, layers, hidden, 1);
        double expected = 4 * 2 * (12.0 * layers * hidden * hidden) * 3 * 2;
        Assert.AreEqual(1, flops.Flops / expected, 1e-4);
    }

    [TestMethod]
    public void ModelFlopsPerIteration_IsEq3WithoutTheRecomputedForward()
    {
        // Korthikanti et al. 2022 Eq. 7 counts forward and backward (3 of Eq. 3's 4 passes) but the logits GEMM,
        // never recomputed, in full: 72·B·s·l·h²(1 + s/6h) + 6·B·s·h·V.
        const long batch = 8;
        const int seq = 2048, layers = 24, hidden = 2304, vocab = 51200;
        double logits = 6.0 * batch * seq * hidden * vocab;
        double eq3 = MegatronFlops.PerIteration(batch, seq, layers, hidden, vocab).Flops;
        double eq7 = MegatronFlops.ModelFlopsPerIteration(batch, seq, layers, hidden, vocab).Flops;
        Assert.AreEqual((0.75 * (eq3 - logits)) + logits, eq7, 1e-9 * eq7);
    }

    [TestMethod]
    public void AchievedPerGpu_IsFlopsOverTimeAndGpus()
    {
        FlopRate rate = MegatronFlops.AchievedPerGpu(FlopCount.FromPeta(64), Duration.FromSeconds(2), 32);
        Assert.AreEqual(1000, rate.Teraflops, 1e-9);
    }

    [TestMethod]
    public void AchievedPerGpu_ZeroTime_Throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MegatronFlops.AchievedPerGpu(FlopCount.FromTera(1), Duration.Zero, 8));
    }
}
