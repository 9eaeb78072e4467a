using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Tests.Cost;

[TestClass]
public sealed class ComputeCostModelTests
{
    private static readonly ComputeCostModel s_a100 = ComputeCostModel.ForAccelerator(TestAccelerators.A100Sxm80);
    private static readonly ComputeCostModel s_h100 = ComputeCostModel.ForAccelerator(TestAccelerators.H100Sxm80);

    [TestMethod]
    [DataRow(8192L, 8192L, 8192L)]
    [DataRow(1024L, 10240L, 5120L)] // the best MAMF shape of the A100 row
    [DataRow(16384L, 16384L, 16384L)]
    public void GemmThroughput_LargeBf16OnA100_ApproachesMeasuredCeiling(long m, long n, long k)
    {
        // shared/refdata/mamf_matmul_tflops.csv: A100 SXM bf16 reaches 271.2 of 312 TFLOP/s.
        FlopRate rate = s_a100.GemmThroughput(new GemmShape(m, n, k), Precision.Bf16);

        Assert.IsLessThanOrEqualTo(271.2, rate.Teraflops);
        Assert.IsGreaterThan(0.97 * 271.2, rate.Teraflops);
    }

    [TestMethod]
    public void GemmThroughput_LargeBf16OnH100_ApproachesMeasuredCeiling()
    {
        // The tile model lacks Hopper's clustered tiles, so it stays a few percent under the measured 794.5.
        FlopRate rate = s_h100.GemmThroughput(new GemmShape(8192, 8192, 8192), Precision.Bf16);

        Assert.IsLessThanOrEqualTo(794.5, rate.Teraflops);
        Assert.IsGreaterThan(0.95 * 794.5, rate.Teraflops);
    }

    [TestMethod]
    public void GemmEfficiency_SmallerSquareGemms_AreLessEfficient()
    {
        double[] efficiency = [.. new long[] { 128, 512, 2048, 8192 }
            .Select(n => s_a100.GemmThroughput(new GemmShape(n, n, n), Precision.Bf16).Teraflops)];

        for (int i = 1; i < efficiency.Length; i++)
        {
            Assert.IsGreaterThan(efficiency[i - 1], efficiency[i]);
        }

        Assert.IsLessThan(0.5 * efficiency[^1], efficiency[1]);
    }

    [TestMethod]
    public void GemmEfficiency_WaveQuantization_OneTileMoreThanTheSmsCostsAWave()
    {
        // 108 SMs: 108 tiles of 128×128 fill one wave; 109 need two (NVIDIA matrix multiplication guide, Ch. 3).
        double full = s_a100.GemmEfficiency(new GemmShape(128 * 108, 128, 4096), Precision.Bf16);
        double spill = s_a100.GemmEfficiency(new GemmShape((128 * 108) + 128, 128, 4096), Precision.Bf16);

        Assert.IsLessThan(full, spill);
    }

    [TestMethod]
    public void GemmEfficiency_SmallOutputDeepReduction_SplitsKAcrossTheSms()
    {
        // A convolution's weight gradient: a 64 × 64 output reduced over 2^24 positions is one output tile. Without
        // split-K one SM of 108 would work (efficiency below 1/108 of a large GEMM's); split into 108 slices it fills
        // a wave, and the fp32 partials (108 × 64 × 64 × 4 B = 1.8 MB) cost microseconds against ~0.5 ms of math.
        double large = s_a100.GemmEfficiency(new GemmShape(8192, 8192, 8192), Precision.Bf16);
        double deep = s_a100.GemmEfficiency(new GemmShape(64, 64, 1 << 24), Precision.Bf16);

        Assert.IsGreaterThan(0.3 * large, deep);
        Assert.IsLessThan(large, deep);
    }

    [TestMethod]
    public void GemmEfficiency_ManyOutputTiles_DoesNotSplit()
    {
        // 108 output tiles of 128 × 128 already fill the A100's SMs: splitting K would only add partial sums.
        GemmShape shape = new(128 * 108, 128, 4096);
        double efficiency = s_a100.GemmEfficiency(shape, Precision.Bf16);
        double doubledK = s_a100.GemmEfficiency(shape with { K = 8192 }, Precision.Bf16);

        Assert.AreEqual(efficiency, doubledK, 1e-12);
    }

    [TestMethod]
    public void GemmThroughput_Precision_FollowsThePeakOfEachFormat()
    {
        var shape = new GemmShape(8192, 8192, 8192);

        double fp32 = s_a100.GemmThroughput(shape, Precision.Fp32).Teraflops;
        double tf32 = s_a100.GemmThroughput(shape, Precision.Tf32).Teraflops;
        double bf16 = s_a100.GemmThroughput(shape, Precision.Bf16).Teraflops;
        double fp8 = s_h100.GemmThroughput(shape, Precision.Fp8).Teraflops;

        Assert.IsLessThan(19.5, fp32);
        Assert.IsLessThan(156, tf32);
        Assert.IsGreaterThan(tf32, bf16);
        Assert.IsLessThanOrEqualTo(1402.6, fp8);
        Assert.IsGreaterThan(0.95 * 1402.6, fp8);
    }

    [TestMethod]
    public void GemmThroughput_UnsupportedPrecision_ThrowsNamingTheDevice()
    {
        var v100 = ComputeCostModel.ForAccelerator(TestAccelerators.V100Sxm32);

        var ex = Assert.ThrowsExactly<NotSupportedException>(() => v100.GemmThroughput(new GemmShape(1024, 1024, 1024), Precision.Bf16));

        Assert.Contains("v100-sxm2-32gb", ex.Message);
    }

    [TestMethod]
    public void MemoryBoundKernelTime_ScalesWithBytes()
    {
        Duration launch = s_a100.Profile.KernelLaunchLatency;
        Duration one = s_a100.MemoryBoundKernelTime(Bytes.FromMiB(256), FlopCount.Zero) - launch;
        Duration two = s_a100.MemoryBoundKernelTime(Bytes.FromMiB(512), FlopCount.Zero) - launch;

        Assert.AreEqual(2.0, two / one, 1e-3);
        // 256 MiB at 70% of 2039 GB/s.
        Assert.AreEqual(Bytes.FromMiB(256).Count / (2039e9 * 0.70), one.Seconds, 1e-9);
    }

    [TestMethod]
    public void Time_UnfusedAttention_IsSlowerThanFlashAndGrowsWithSequenceSquared()
    {
        TransformerModel m = ModelZoo.GetTransformer("gpt3-175b");
        double Attention(AttentionImplementation impl, long seq)
        {
            ModelAccount a = ModelAccountant.Account(m with { SeqLen = seq }, new AccountingOptions { TensorParallel = 8, Attention = impl });
            return s_a100.Time(a).OfLayer(1)
                .Where(o => o.Operator.Name.StartsWith("attn.", StringComparison.Ordinal) && o.Operator.Name is not ("attn.qkv" or "attn.proj" or "attn.norm" or "attn.bias_dropout_add"))
                .Sum(o => o.Total.Seconds);
        }

        double flash2k = Attention(AttentionImplementation.Flash, 2048);
        double unfused2k = Attention(AttentionImplementation.Unfused, 2048);
        double unfused4k = Attention(AttentionImplementation.Unfused, 4096);

        Assert.IsGreaterThan(2 * flash2k, unfused2k);
        Assert.AreEqual(4.0, unfused4k / unfused2k, 0.4);
    }

    [TestMethod]
    public void Time_UnfusedAttention_SoftmaxMovesTheScoresThroughHbm()
    {
        ModelAccount a = ModelAccountant.Account(ModelZoo.Get("gpt3-175b"),
            new AccountingOptions { TensorParallel = 8, Attention = AttentionImplementation.Unfused });
        Operator softmax = a.Layers[1].Operators.Single(o => o.Kind == OperatorKind.Softmax);
        double scores = 12.0 * 2048 * 2048 * 2;

        Assert.AreEqual(2 * scores, softmax.Forward.Moved.Count, 1);
        Duration expected = s_a100.Profile.KernelLaunchLatency + (new Bytes(2 * scores) / s_a100.AchievableMemoryBandwidth);
        Assert.AreEqual(expected.Seconds, s_a100.Time(softmax).Forward.Seconds, 1e-9);
    }

    [TestMethod]
    public void Time_FusedElementwise_IsFasterThanSeparateKernels()
    {
        TransformerModel m = ModelZoo.GetTransformer("gpt3-1.7b");
        Duration fused = s_a100.Time(ModelAccountant.Account(m, new AccountingOptions { Attention = AttentionImplementation.Unfused })).Total;
        Duration separate = s_a100.Time(ModelAccountant.Account(m, new AccountingOptions
        {
            Attention = AttentionImplementation.Unfused,
            FusedElementwise = false,
        })).Total;

        Assert.IsGreaterThan(fused.Seconds * 1.05, separate.Seconds);
    }

    [TestMethod]
    public void Time_SmallModelSmallBatch_IsHostBound()
    {
        // A 784-256-10 MLP at micro-batch 1: kernels are about as short as the framework's per-operator host time,
        // so the host sets the pace (a large model is the opposite, see below).
        var mlp = new MlpModel("mnist-mlp", 784, [256], 10);
        ModelTiming timing = s_a100.Time(ModelAccountant.Account(mlp, new AccountingOptions { MicroBatch = 1 }));
        int forwardOps = timing.Operators.Count(o => o.Forward > Duration.Zero);
        double host = forwardOps * s_a100.Profile.HostOverheadForward.Seconds;

        Assert.IsGreaterThan(0.9 * timing.Forward.Seconds, host);
        Assert.IsTrue(timing.Operators.Where(o => o.Operator.Kind != OperatorKind.Gemm)
            .All(o => o.Forward == s_a100.Profile.HostOverheadForward));
    }

    [TestMethod]
    public void Time_LargeModel_IsDeviceBound()
    {
        ModelAccount a = ModelAccountant.Account(ModelZoo.Get("gpt3-175b"), new AccountingOptions { TensorParallel = 8 });
        ModelTiming timing = s_a100.Time(a);
        double host = timing.Operators.Count(o => o.Forward > Duration.Zero) * s_a100.Profile.HostOverheadForward.Seconds;

        Assert.IsLessThan(0.02 * timing.Forward.Seconds, host);
    }

    [TestMethod]
    public void Time_Gpt3Layer_AchievesPlausibleModelFlopRate()
    {
        // One GPT-3 175B layer on 8-way tensor parallelism, micro-batch 1: Narayanan et al. 2021 report 140-163
        // TFLOP/s per GPU end to end (with communication and bubbles); compute alone must be above that and below
        // the 271 TFLOP/s matmul ceiling.
        ModelAccount a = ModelAccountant.Account(ModelZoo.Get("gpt3-175b"), new AccountingOptions { TensorParallel = 8 });
        ModelTiming timing = s_a100.Time(a);
        double rate = a.Layers[1].ModelFlops.Flops / timing.OfLayer(1).Sum(o => o.Total.Seconds) / 1e12;

        Assert.IsGreaterThan(150, rate);
        Assert.IsLessThan(271.2, rate);
    }

    [TestMethod]
    public void Time_Recomputed_RepeatsTheForwardPass()
    {
        ModelAccount a = ModelAccountant.Account(ModelZoo.Get("gpt3-1.7b"), new AccountingOptions { Recompute = RecomputeMode.Full });
        ModelTiming timing = s_a100.Time(a);

        Assert.AreEqual(timing.Operators.Where(o => o.Operator.Recomputed).Sum(o => o.Forward.Seconds), timing.Recompute.Seconds, 1e-9);
        // Full recomputation repeats every block's forward; the embedding, logits and loss are not recomputed.
        double blocks = a.Layers.Where(l => l.Kind == LayerKind.Transformer).SelectMany(l => l.Operators)
            .Sum(op => timing.Operators.First(t => ReferenceEquals(t.Operator, op)).Forward.Seconds);
        Assert.AreEqual(blocks, timing.Recompute.Seconds, 1e-9 * blocks);
        Assert.IsGreaterThan(0.8 * timing.Forward.Seconds, timing.Recompute.Seconds);
    }

    [TestMethod]
    public void ForAccelerator_UnknownId_ThrowsListingKnownIds()
    {
        var ex = Assert.ThrowsExactly<ArgumentException>(() => ComputeEfficiencyProfile.ForAccelerator("host-cpu"));

        Assert.Contains("a100-sxm4-80gb", ex.Message);
        Assert.Contains("calibrated", ex.Message);
    }

    [TestMethod]
    public void Constructor_CalibratedProfile_IsUsedInsteadOfDefaults()
    {
        ComputeEfficiencyProfile calibrated = ComputeEfficiencyProfile.ForAccelerator("a100-sxm4-80gb") with
        {
            HostOverheadForward = Duration.FromMicroseconds(50),
        };
        var model = new ComputeCostModel(TestAccelerators.A100Sxm80, calibrated);
        ModelAccount a = ModelAccountant.Account(new MlpModel("tiny", 8, [8], 2), new AccountingOptions());

        Assert.AreEqual(Duration.FromMicroseconds(50), model.Time(a.Operators.First()).Forward);
    }

    [TestMethod]
    public void Constructor_ProfileWithImpossibleFraction_ThrowsNamingField()
    {
        ComputeEfficiencyProfile bad = ComputeEfficiencyProfile.ForAccelerator("a100-sxm4-80gb") with { MemoryBandwidthFraction = 1.5 };

        var ex = Assert.ThrowsExactly<ArgumentException>(() => new ComputeCostModel(TestAccelerators.A100Sxm80, bad));

        Assert.Contains("memory_bandwidth_fraction", ex.Message);
    }

    [TestMethod]
    public void GemmEfficiency_ZeroDimension_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => s_a100.GemmEfficiency(new GemmShape(0, 10, 10), Precision.Bf16));
    }

    [TestMethod]
    public void Time_AllPresets_AreFiniteAndPositive()
    {
        foreach (string id in ModelZoo.Ids.Where(i => i is not ("gpt3-1t" or "gpt3-530b" or "gpt3-310b")))
        {
            int t = ModelZoo.Get(id) is TransformerModel ? 8 : 1;
            ModelTiming timing = s_h100.Time(ModelAccountant.Account(ModelZoo.Get(id), new AccountingOptions { TensorParallel = t }));
            Assert.IsGreaterThan(Duration.Zero, timing.Total, id);
        }
    }
}
