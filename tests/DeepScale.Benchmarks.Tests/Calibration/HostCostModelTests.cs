using DeepScale.Benchmarks.Calibration;

namespace DeepScale.Benchmarks.Tests.Calibration;

[TestClass]
public sealed class HostCostModelTests
{
    private static readonly HostCostModel s_model = new(Synthetic.Profile, Synthetic.Facts);

    [TestMethod]
    public void Predict_Gemm64Cubed_MatchesTheBlockedGemmClosedForm()
    {
        // One 8×32-tile-aligned part, one k-block: launch + 2MNK/rate + A (16 KiB, transposing pack) + B (16 KiB,
        // copying pack) + both operands read from L2 + C written once to L2.
        const double Operand = 64 * 64 * 4;
        double expected = 300e-9 + (2.0 * 64 * 64 * 64 / 185e9) + (Operand / 10e9) + (Operand / 40e9) + (2 * Operand / 150e9) + (Operand / 150e9);
        Assert.AreEqual(expected, s_model.Predict(KernelCase.Parse("gemm", "Shape=64x64x64;Threads=1")).Seconds, 1e-10);
    }

    [TestMethod]
    public void Predict_GemmEdgeTiles_ComputesWholeRegisterTiles()
    {
        // N = 10 fills a third of one 32-wide register tile; the micro-kernel still computes all 32 columns.
        double fullTile = 2.0 * 64 * 32 * 512 / 185e9;
        double tenColumns = s_model.Predict(FromShape(64, 10, 512)).Seconds;
        Assert.IsGreaterThan(fullTile, tenColumns);
    }

    [TestMethod]
    public void Predict_ScaleFromDram_IsReadBytesOverBandwidthPlusUnreadStoresOverStoreBandwidth()
    {
        // 16 Mi floats from DRAM: 64 MiB read at the DRAM bandwidth, 64 MiB stored to lines never read (each fetched
        // for ownership and written back) at the DRAM store bandwidth.
        double expected = 300e-9 + (64.0 * 1024 * 1024 / 35e9) + (64.0 * 1024 * 1024 / 11e9);
        Assert.AreEqual(expected, s_model.Predict(KernelCase.Parse("elementwise", "Op=Scale;Length=16777216")).Seconds, 1e-9);
    }

    [TestMethod]
    public void Predict_GeluInL2_IsArithmeticBound()
    {
        double expected = 300e-9 + (13.0 * 65536 / 17e9);
        Assert.AreEqual(expected, s_model.Predict(KernelCase.Parse("elementwise", "Op=Gelu;Length=65536")).Seconds, 1e-10);
    }

    [TestMethod]
    public void Predict_ColdFileRead_IsRequestsTimesLatencyPlusBytesOverBandwidth()
    {
        double expected = (64 * 20e-6) + (4194304 / 3.5e9);
        Assert.AreEqual(expected, s_model.Predict(KernelCase.Parse("file_read", "FileLength=4194304;BlockSize=65536;Cache=Evicted")).Seconds, 1e-10);
    }

    [TestMethod]
    public void Predict_TwoThreadGemm_FasterThanOneButNotTwice()
    {
        double one = s_model.Predict(KernelCase.Parse("gemm", "Shape=1024x1024x1024;Threads=1")).Seconds;
        double two = s_model.Predict(KernelCase.Parse("gemm", "Shape=1024x1024x1024;Threads=2")).Seconds;
        Assert.IsLessThan(one, two);
        Assert.IsGreaterThan(one / 2, two);
    }

    private static KernelCase FromShape(int m, int n, int k) =>
        KernelCase.FromBenchmark(typeof(Host.GemmBenchmarks), [KeyValuePair.Create<string, object?>("Shape", new HostLab.Kernels.GemmShape(m, n, k)), KeyValuePair.Create<string, object?>("Threads", 1)]);
}
