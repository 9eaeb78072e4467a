using System.Globalization;

using DeepScale.Benchmarks;
using DeepScale.Cli.Commands;

namespace DeepScale.Cli.Tests.Commands;

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
        Assert.AreEqual(median, probe!.CalibratedSeconds, 1e-12);
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
    public void SpeedWarning_BeyondTenPercent_SaysTheCalibrationWouldRecordTheSlowState()
    {
        Assert.IsNull(CalibrateCommand.SpeedWarning(9.9));
        Assert.IsNull(CalibrateCommand.SpeedWarning(-20));
        string? warning = CalibrateCommand.SpeedWarning(55);

        Assert.IsNotNull(warning);
        Assert.Contains("55% slower", warning);
    }
}
