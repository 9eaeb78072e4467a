using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;

namespace DeepScale.Workloads.Tests.Cost;

/// <summary>
/// Output stores after the main loop, Hopper's thread-block clusters, and the main-loop ceiling calibrated at the
/// shape the measured ceiling was taken at: analytic cross-checks of <see cref="ComputeCostModel"/>'s GEMM time.
/// </summary>
[TestClass]
public sealed class GemmEpilogueTests
{
    private static readonly ComputeCostModel s_a100 = ComputeCostModel.ForAccelerator(TestAccelerators.A100Sxm80);
    private static readonly ComputeCostModel s_h100 = ComputeCostModel.ForAccelerator(TestAccelerators.H100Sxm80);

    private static double Body(ComputeCostModel m, GemmShape s) => (m.GemmKernelTime(s, Precision.Bf16) - m.Profile.KernelLaunchLatency).Seconds;

    private static double Stores(ComputeCostModel m, GemmShape s) => s.Batch * (double)s.M * s.N * 2 / m.AchievableMemoryBandwidth.BytesPerSecond;

    [TestMethod]
    [DataRow("a100", 1024L, 10240L, 5120L, 271.2)] // shared/refdata/mamf_matmul_tflops.csv: A100 SXM bf16 and its best shape
    [DataRow("h100", 2048L, 2048L, 13312L, 794.5)] // H100 SXM bf16
    public void GemmThroughput_AtTheMeasuredShape_ReproducesTheMeasurement(string device, long m, long n, long k, double tflops)
    {
        var shape = new GemmShape(m, n, k);

        Assert.AreEqual(tflops, shape.Flops / Body(device == "a100" ? s_a100 : s_h100, shape) / 1e12, 0.001 * tflops);
    }

    [TestMethod]
    public void GemmThroughput_NoShapeBeatsTheMeasuredBest()
    {
        long[] sizes = [256, 1024, 4096, 8192, 16384, 32768];
        foreach (long m in sizes)
        {
            foreach (long n in sizes)
            {
                foreach (long k in sizes)
                {
                    var shape = new GemmShape(m, n, k);
                    Assert.IsLessThanOrEqualTo(271.2 * 1.0001, shape.Flops / Body(s_a100, shape) / 1e12, $"{m}x{n}x{k} on A100");
                    Assert.IsLessThanOrEqualTo(794.5 * 1.0001, shape.Flops / Body(s_h100, shape) / 1e12, $"{m}x{n}x{k} on H100");
                }
            }
        }
    }

    [TestMethod]
    public void GemmKernelTime_AmpereShallowReduction_StoresFollowTheArithmetic()
    {
        // K = 256: each block's tile is stored after a short loop; on Ampere the SM's next block waits for it.
        var shallow = new GemmShape(8192, 8192, 256);
        double loop = shallow.Flops / (312e12 * s_a100.GemmEfficiency(shallow, Precision.Bf16));

        Assert.AreEqual(loop + Stores(s_a100, shallow), Body(s_a100, shallow), 0.01 * Body(s_a100, shallow));
    }

    [TestMethod]
    public void GemmKernelTime_HopperManyWaves_HidesAllButTheLastWavesStores()
    {
        // 8192×8192 outputs are 2,048 tiles of 256×128 on 132 SMs: 16 waves, only the last one's stores exposed.
        var shallow = new GemmShape(8192, 8192, 256);
        double loop = shallow.Flops / (989e12 * s_h100.GemmEfficiency(shallow, Precision.Bf16));
        double body = Body(s_h100, shallow);

        Assert.IsLessThan(loop + (Stores(s_h100, shallow) / 2), body);
        Assert.IsGreaterThanOrEqualTo(Math.Max(loop, Stores(s_h100, shallow)), body);
    }

    [TestMethod]
    public void GemmKernelTime_HopperOneWave_ExposesEveryStore()
    {
        // 1024×2048 outputs fill fewer than 132 tiles of 256×128: one wave, nothing after it to hide its stores.
        var oneWave = new GemmShape(1024, 2048, 256);
        double loop = oneWave.Flops / (989e12 * s_h100.GemmEfficiency(oneWave, Precision.Bf16));

        Assert.AreEqual(loop + Stores(s_h100, oneWave), Body(s_h100, oneWave), 0.01 * Body(s_h100, oneWave));
    }

    [TestMethod]
    public void GemmEfficiency_HopperClusters_RaiseTheL2CapOfMidSizedGemms()
    {
        // Without clusters a 128×128 tile's operand loads cap it at L2 · 64 FLOP/B = 575 TFLOP/s (8,986 GB/s);
        // a cluster of two shares one operand. Both models reproduce the measured best shape, so the gain shows
        // on the L2-bound mid-sized shape relative to it.
        var mid = new GemmShape(1024, 2048, 2048);
        ComputeCostModel unclustered = new(TestAccelerators.H100Sxm80, s_h100.Profile with { WarpSpecializedGemms = false });

        Assert.IsGreaterThan(1.02 * unclustered.GemmEfficiency(mid, Precision.Bf16), s_h100.GemmEfficiency(mid, Precision.Bf16));
    }

    [TestMethod]
    public void Profile_WarpSpecializedGemms_FromHopperOn()
    {
        Assert.IsFalse(ComputeEfficiencyProfile.ForAccelerator("a100-sxm4-80gb").WarpSpecializedGemms);
        Assert.IsTrue(ComputeEfficiencyProfile.ForAccelerator("h100-sxm5-80gb").WarpSpecializedGemms);
        Assert.IsTrue(ComputeEfficiencyProfile.ForAccelerator("b200-sxm-180gb").WarpSpecializedGemms);
        Assert.AreEqual(2, ComputeEfficiencyProfile.ForAccelerator("h100-sxm5-80gb").MulticastCluster);
    }
}
