using System.Globalization;

using DeepScale.Benchmarks;
using DeepScale.Benchmarks.Calibration;

namespace DeepScale.Benchmarks.Tests.Calibration;

/// <summary>The check of the machine's speed against its calibration that <c>host-validate</c> makes around every run.</summary>
[TestClass]
public sealed class MachineSpeedProbeTests
{
    private static string CalibrationDirectory => Path.Combine(RepositoryPaths.Root(), "results", "calibration");

    [TestMethod]
    public void Open_CommittedCalibration_ReadsTheMedianOfTheTrainersHiddenLayerGemm()
    {
        (MachineSpeedProbe? probe, string? missing) = MachineSpeedProbe.Open(CalibrationDirectory);

        Assert.IsNull(missing);
        string row = File.ReadLines(Path.Combine(CalibrationDirectory, "measurements.csv"))
            .Single(l => l.StartsWith("gemm,Shape=64x512x512;Threads=1,", StringComparison.Ordinal));
        double median = double.Parse(row.Split(',')[6], CultureInfo.InvariantCulture);
        Assert.AreEqual(median, probe!.ReferenceSeconds, 1e-12);
    }

    [TestMethod]
    public void SlowdownPercent_TimesTheKernel_AndIsAFiniteRatioAboveMinusOneHundred()
    {
        (MachineSpeedProbe? probe, _) = MachineSpeedProbe.Open(CalibrationDirectory);

        double slowdown = probe!.SlowdownPercent();

        Assert.IsTrue(double.IsFinite(slowdown));
        Assert.IsGreaterThan(-100, slowdown);
    }

    [TestMethod]
    public void Open_NoMeasurements_SaysWhichFileIsMissing()
    {
        string empty = Path.Combine(Path.GetTempPath(), $"deepscale-probe-{Guid.NewGuid():N}");
        Directory.CreateDirectory(empty);
        try
        {
            (MachineSpeedProbe? probe, string? missing) = MachineSpeedProbe.Open(empty);

            Assert.IsNull(probe);
            Assert.Contains("measurements.csv", missing!);
        }
        finally
        {
            Directory.Delete(empty, true);
        }
    }

    [TestMethod]
    public void SelfReferenced_ReferenceIsTheFastestTimeMeasured_SoNoMeasurementIsFaster()
    {
        MachineSpeedProbe probe = MachineSpeedProbe.SelfReferenced();
        Assert.IsTrue(double.IsPositiveInfinity(probe.ReferenceSeconds));

        double[] times = [probe.Seconds(), probe.Seconds(), probe.Seconds()];

        Assert.AreEqual(times.Min(), probe.ReferenceSeconds);
        Assert.IsGreaterThanOrEqualTo(0, probe.SlowdownPercent());
        Assert.AreEqual(50, probe.SlowdownPercent(probe.ReferenceSeconds * 1.5), 1e-9);
    }

    [TestMethod]
    public void SelfReferenced_OnTwoThreads_TimesTheSlowerCopyAndKeepsItsFastest()
    {
        MachineSpeedProbe probe = MachineSpeedProbe.SelfReferenced(2);
        Assert.AreEqual(2, probe.Threads);

        double[] times = [probe.Seconds(), probe.Seconds()];

        Assert.IsTrue(times.All(t => t > 0 && double.IsFinite(t)));
        Assert.AreEqual(times.Min(), probe.ReferenceSeconds);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MachineSpeedProbe.SelfReferenced(0));
    }
}
