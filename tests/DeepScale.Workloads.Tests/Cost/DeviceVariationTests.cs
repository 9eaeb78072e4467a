using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;

namespace DeepScale.Workloads.Tests.Cost;

[TestClass]
public sealed class DeviceVariationTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(10)]
    [DataRow(100)]
    public void ExpectedMaximum_MatchesAMonteCarloOfTheTruncatedNormal(int n)
    {
        // Seeded draws: Box-Muller normals, those beyond the whiskers rejected as outliers.
        var random = new Random(20221113);
        double Draw()
        {
            while (true)
            {
                double z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                if (Math.Abs(z) <= DeviceVariation.WhiskerSigmas)
                {
                    return z;
                }
            }
        }

        const int trials = 20_000;
        double sum = 0;
        for (int t = 0; t < trials; t++)
        {
            double max = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                max = Math.Max(max, Draw());
            }

            sum += max;
        }

        // The maximum's standard deviation is below 1, so 20,000 trials put the mean within 0.02 (3 standard errors).
        Assert.AreEqual(sum / trials, DeviceVariation.ExpectedMaximum(n), 0.02);
    }

    [TestMethod]
    public void ExpectedMaximum_TwoDraws_IsCloseToTheUntruncatedOneOverRootPi() =>
        Assert.AreEqual(1 / Math.Sqrt(Math.PI), DeviceVariation.ExpectedMaximum(2), 0.02);

    [TestMethod]
    public void ExpectedMaximum_ManyDraws_GrowsTowardsTheWhiskerAndStaysBelowIt()
    {
        double[] m = [.. new[] { 8, 64, 512, 4096, 32768 }.Select(DeviceVariation.ExpectedMaximum)];

        for (int i = 1; i < m.Length; i++)
        {
            Assert.IsGreaterThan(m[i - 1], m[i]);
        }

        Assert.IsLessThan(DeviceVariation.WhiskerSigmas, m[^1]);
        Assert.IsGreaterThan(DeviceVariation.WhiskerSigmas - 0.1, m[^1]);
    }

    [TestMethod]
    public void SlowestSpeed_IdenticalDevicesOrOneDevice_IsTheMedianSpeed()
    {
        Assert.AreEqual(1.0, DeviceVariation.SlowestSpeed(0, 3072));
        Assert.AreEqual(1.0, DeviceVariation.SlowestSpeed(DeviceVariation.ProductionCluster, 1));
    }

    [TestMethod]
    public void SlowestSpeed_ProductionSpread_SlowsLargeJobsMoreThanSmallOnes()
    {
        double eight = DeviceVariation.SlowestSpeed(DeviceVariation.ProductionCluster, 8);
        double thousands = DeviceVariation.SlowestSpeed(DeviceVariation.ProductionCluster, 3072);

        // σ = 1.5%: about 1.4σ below the median for 8 GPUs, close to the 2.7σ whisker for 3,072.
        Assert.AreEqual(1 - (0.015 * 1.42), eight, 0.002);
        Assert.AreEqual(1 - (0.015 * 2.6), thousands, 0.002);
        Assert.IsLessThan(eight, thousands);
    }

    [TestMethod]
    [DataRow(-0.01)]
    [DataRow(0.25)]
    [DataRow(double.NaN)]
    public void SlowestSpeed_SigmaOutOfRange_Throws(double sigma) =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DeviceVariation.SlowestSpeed(sigma, 8));

    [TestMethod]
    public void ClockFactor_SlowsComputeBoundKernelsOnly()
    {
        ComputeCostModel median = ComputeCostModel.ForAccelerator(TestAccelerators.A100Sxm80);
        ComputeCostModel slow = new(TestAccelerators.A100Sxm80, median.Profile) { ClockFactor = 0.9 };
        var gemm = new GemmShape(8192, 8192, 8192);
        Duration launch = median.Profile.KernelLaunchLatency;

        double ratio = (slow.GemmKernelTime(gemm, Precision.Bf16) - launch).Seconds / (median.GemmKernelTime(gemm, Precision.Bf16) - launch).Seconds;
        Bytes streamed = Bytes.FromGiB(1);

        // The arithmetic stretches by 1/0.9; the output stores after it (under 3% of this GEMM) keep the memory's pace.
        Assert.IsLessThanOrEqualTo(1 / 0.9 + 1e-9, ratio);
        Assert.IsGreaterThan((1 / 0.9) - 0.01, ratio);
        Assert.AreEqual(median.MemoryBoundKernelTime(streamed, FlopCount.Zero), slow.MemoryBoundKernelTime(streamed, FlopCount.Zero));
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(1.5)]
    public void ClockFactor_OutsideZeroToOne_Throws(double factor) =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ComputeCostModel(TestAccelerators.A100Sxm80,
            ComputeEfficiencyProfile.ForAccelerator("a100-sxm4-80gb"))
        { ClockFactor = factor });
}
