using DeepScale.Benchmarks.Calibration;
using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Tests.Calibration;

[TestClass]
public sealed class HostProfileFitterTests
{
    private static readonly HostCalibrationFit s_exact = HostProfileFitter.Fit(Synthetic.Measurements(Synthetic.Profile, 0), Synthetic.Facts);

    private static readonly HostCalibrationFit s_noisy = HostProfileFitter.Fit(Synthetic.Measurements(Synthetic.Profile, 0.02), Synthetic.Facts);

    public static IEnumerable<object[]> Parameters =>
    [
        ["gemm_core_rate", (Func<HostCpuCostProfile, double>)(p => p.GemmCoreRate.FlopsPerSecond)],
        ["pack_transpose_bandwidth", (Func<HostCpuCostProfile, double>)(p => p.PackTransposeBandwidth.BytesPerSecond)],
        ["pack_copy_bandwidth", (Func<HostCpuCostProfile, double>)(p => p.PackCopyBandwidth.BytesPerSecond)],
        ["l2_bandwidth", (Func<HostCpuCostProfile, double>)(p => p.L2Bandwidth.BytesPerSecond)],
        ["l3_bandwidth", (Func<HostCpuCostProfile, double>)(p => p.L3Bandwidth.BytesPerSecond)],
        ["dram_bandwidth", (Func<HostCpuCostProfile, double>)(p => p.DramBandwidth.BytesPerSecond)],
        ["l3_store_bandwidth", (Func<HostCpuCostProfile, double>)(p => p.L3StoreBandwidth.BytesPerSecond)],
        ["dram_store_bandwidth", (Func<HostCpuCostProfile, double>)(p => p.DramStoreBandwidth.BytesPerSecond)],
        ["shared_bandwidth_scaling", (Func<HostCpuCostProfile, double>)(p => p.SharedBandwidthScaling)],
        ["gemm_update_bandwidth", (Func<HostCpuCostProfile, double>)(p => p.GemmUpdateBandwidth.BytesPerSecond)],
        ["unfold_bandwidth", (Func<HostCpuCostProfile, double>)(p => p.UnfoldBandwidth.BytesPerSecond)],
        ["gelu_rate", (Func<HostCpuCostProfile, double>)(p => p.GeluRate.FlopsPerSecond)],
        ["softmax_rate", (Func<HostCpuCostProfile, double>)(p => p.SoftmaxRate.FlopsPerSecond)],
        ["layer_norm_rate", (Func<HostCpuCostProfile, double>)(p => p.LayerNormRate.FlopsPerSecond)],
        ["single_stream_fraction", (Func<HostCpuCostProfile, double>)(p => p.SingleStreamFraction)],
        ["fork_join_overhead", (Func<HostCpuCostProfile, double>)(p => p.ForkJoinOverhead.Seconds)],
        ["link_latency", (Func<HostCpuCostProfile, double>)(p => p.LoopbackLatency.Seconds)],
        ["link_bandwidth", (Func<HostCpuCostProfile, double>)(p => p.LoopbackBandwidth.BytesPerSecond)],
        ["oversubscribed_link_latency", (Func<HostCpuCostProfile, double>)(p => p.OversubscribedLoopbackLatency.Seconds)],
        ["oversubscribed_link_bandwidth", (Func<HostCpuCostProfile, double>)(p => p.OversubscribedLoopbackBandwidth.BytesPerSecond)],
        ["oversubscribed_ranks_per_core", (Func<HostCpuCostProfile, double>)(p => p.OversubscribedRanksPerCore)],
        ["loopback_cpu_latency", (Func<HostCpuCostProfile, double>)(p => p.LoopbackCpuLatency.Seconds)],
        ["loopback_cpu_bandwidth", (Func<HostCpuCostProfile, double>)(p => p.LoopbackCpuBandwidth.BytesPerSecond)],
        ["idle_core_wake_latency", (Func<HostCpuCostProfile, double>)(p => p.IdleCoreWakeLatency.Seconds)],
        ["storage_bandwidth", (Func<HostCpuCostProfile, double>)(p => p.StorageBandwidth.BytesPerSecond)],
        ["storage_request_latency", (Func<HostCpuCostProfile, double>)(p => p.StorageRequestLatency.Seconds)],
        ["page_cache_bandwidth", (Func<HostCpuCostProfile, double>)(p => p.PageCacheBandwidth.BytesPerSecond)],
        ["read_call_overhead", (Func<HostCpuCostProfile, double>)(p => p.ReadCallOverhead.Seconds)],
    ];

    [TestMethod]
    [DynamicData(nameof(Parameters))]
    public void Fit_ExactModelData_RecoversEveryParameterWithinHalfAPercent(string name, Func<HostCpuCostProfile, double> get)
    {
        double truth = get(Synthetic.Profile);
        Assert.AreEqual(truth, get(s_exact.Profile), 0.005 * truth, name);
    }

    [TestMethod]
    [DynamicData(nameof(Parameters))]
    public void Fit_TwoPercentNoise_RecoversEveryParameterWithinFifteenPercent(string name, Func<HostCpuCostProfile, double> get)
    {
        double truth = get(Synthetic.Profile);
        Assert.AreEqual(truth, get(s_noisy.Profile), 0.15 * truth, name);
    }

    [TestMethod]
    public void Fit_TwoPercentNoise_KeyRatesWithinThreePercent()
    {
        Assert.AreEqual(185e9, s_noisy.Profile.GemmCoreRate.FlopsPerSecond, 0.03 * 185e9);
        Assert.AreEqual(35e9, s_noisy.Profile.DramBandwidth.BytesPerSecond, 0.03 * 35e9);
        Assert.AreEqual(150e9, s_noisy.Profile.L2Bandwidth.BytesPerSecond, 0.03 * 150e9);
    }

    [TestMethod]
    public void Fit_ExactModelData_ResidualsVanish()
    {
        Assert.IsLessThan(0.1, s_exact.MaxAbsErrorPercent);
        Assert.HasCount(CalibrationRunner.Cases().Count, s_exact.Residuals);
    }

    [TestMethod]
    public void Fit_PeakProbe_IsFlopsOverTime()
    {
        Assert.AreEqual(200e9, s_exact.Profile.PeakPerCore.FlopsPerSecond, 1e6);
        Assert.AreEqual(360e9, s_exact.Profile.PeakAllCores.FlopsPerSecond, 1e6);
        Assert.AreEqual(185.0 / 200, s_exact.Profile.MatmulCeiling, 0.005);
    }

    [TestMethod]
    public void Fit_SameInput_SameProfile()
    {
        HostCalibrationFit again = HostProfileFitter.Fit(Synthetic.Measurements(Synthetic.Profile, 0.02), Synthetic.Facts);
        Assert.AreEqual(s_noisy.Profile, again.Profile);
    }

    [TestMethod]
    public void Fit_NoAllReduceCase_ThrowsNamingTheLinkGroup()
    {
        IReadOnlyList<KernelMeasurement> withoutLink = [.. Synthetic.Measurements(Synthetic.Profile, 0).Where(m => m.Case.Kernel != HostKernel.AllReduce)];
        CalibrationFitException e = Assert.ThrowsExactly<CalibrationFitException>(() => HostProfileFitter.Fit(withoutLink, Synthetic.Facts));
        Assert.Contains("all_reduce", e.Message);
    }

    [TestMethod]
    public void Fit_NoPeakProbe_ThrowsNamingTheProbe()
    {
        IReadOnlyList<KernelMeasurement> withoutPeak = [.. Synthetic.Measurements(Synthetic.Profile, 0).Where(m => m.Case.Kernel != HostKernel.PeakFlops)];
        CalibrationFitException e = Assert.ThrowsExactly<CalibrationFitException>(() => HostProfileFitter.Fit(withoutPeak, Synthetic.Facts));
        Assert.Contains("peak_flops", e.Message);
    }

    [TestMethod]
    public void Fit_DuplicateCase_Throws()
    {
        IReadOnlyList<KernelMeasurement> m = Synthetic.Measurements(Synthetic.Profile, 0);
        CalibrationFitException e = Assert.ThrowsExactly<CalibrationFitException>(() => HostProfileFitter.Fit([.. m, m[0]], Synthetic.Facts));
        Assert.Contains("more than once", e.Message);
    }

    [TestMethod]
    public void Fit_RingAlphaBeta_MatchesClosedForm()
    {
        // Two ranks: 2 steps of α and S bytes per rank over β; 4 KiB and 16 MiB give α and β exactly.
        KernelCase small = KernelCase.Parse("all_reduce", "Elements=1024");
        KernelCase large = KernelCase.Parse("all_reduce", "Elements=4194304");
        var model = new HostCostModel(Synthetic.Profile, Synthetic.Facts);
        double expectedSmall = (2 * 15e-6) + (4096 / 3e9);
        double expectedLarge = (2 * 15e-6) + (16777216 / 3e9);
        Assert.AreEqual(expectedSmall, model.Predict(small).Seconds, 1e-10);
        Assert.AreEqual(expectedLarge, model.Predict(large).Seconds, 1e-10);
    }

    [TestMethod]
    public void Fit_RingOnOneCore_CostsEveryMembersProcessorTimeInTurn()
    {
        // Four ranks on one core: each of the 6 steps runs the 4 members' α_cpu + (S/4)/β_cpu one after another.
        KernelCase oneCore = KernelCase.Parse("all_reduce", "Elements=262144;Ranks=4;Placement=OneCore");
        var model = new HostCostModel(Synthetic.Profile, Synthetic.Facts);
        double expected = 4 * 6 * (4e-6 + (262144.0 / 5e9));
        Assert.AreEqual(expected, model.Predict(oneCore).Seconds, 1e-10);
    }

    [TestMethod]
    public void Fit_WithoutOneCoreRings_LeavesTheProcessorTimeUnmeasured()
    {
        IReadOnlyList<KernelMeasurement> spreadOnly = [.. Synthetic.Measurements(Synthetic.Profile, 0)
            .Where(m => m.Case.Work is not AllReduceShape { Placement: RingPlacement.OneCore })];

        HostCpuCostProfile profile = HostProfileFitter.Fit(spreadOnly, Synthetic.Facts).Profile;

        Assert.IsFalse(profile.HasLoopbackCpuTime);
        Assert.AreEqual(Duration.Zero, profile.IdleCoreWakeLatency);
        Assert.AreEqual(15e-6, profile.LoopbackLatency.Seconds, 1e-9);
    }

    [TestMethod]
    public void Fit_ParameterNoCaseNeeds_StaysFiniteAndLeaveOneOutCompletes()
    {
        // A GEMM C read-back that costs nothing: the data pull its bandwidth towards infinity, and the
        // fitted profile, and every held-out refit, must still be a valid profile.
        HostCpuCostProfile free = Synthetic.Profile with { GemmUpdateBandwidth = new ByteRate(1e250) };
        IReadOnlyList<KernelMeasurement> m = Synthetic.Measurements(free, 0.02);
        HostCalibrationFit fit = HostProfileFitter.Fit(m, Synthetic.Facts);
        Assert.IsTrue(double.IsFinite(fit.Profile.GemmUpdateBandwidth.BytesPerSecond));
        IReadOnlyList<LeaveOneOutRow> rows = LeaveOneOut.Run(m, fit);
        Assert.HasCount(m.Count(x => x.Case.Kernel != HostKernel.PeakFlops), rows);
    }
}
