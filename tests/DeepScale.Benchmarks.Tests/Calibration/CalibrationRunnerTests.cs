using System.Diagnostics;

using DeepScale.Benchmarks.Calibration;

namespace DeepScale.Benchmarks.Tests.Calibration;

[TestClass]
public sealed class CalibrationRunnerTests
{
    /// <summary>A committed calibration as the full mode leaves it, from synthetic measurements.</summary>
    private static void Commit(string directory, IReadOnlyList<KernelMeasurement> measurements)
    {
        HostCalibrationFit fit = HostProfileFitter.Fit(measurements, Synthetic.Facts);
        File.WriteAllText(Path.Combine(directory, CalibrationRunner.MeasurementsFile), MeasurementTable.Format(measurements));
        File.WriteAllText(Path.Combine(directory, CalibrationRunner.FitFile), CalibrationJson.Fit(fit, MeasurementContext.Unknown, measurements, []));
        File.WriteAllText(Path.Combine(directory, CalibrationRunner.HostCpuFile), CalibrationJson.HostCpu(fit));
    }

    [TestMethod]
    [DoNotParallelize]
    public void Run_Quick_RunsEveryClassOnceKeepsTheCommittedCalibration()
    {
        using var committed = new TemporaryDirectory();
        using var output = new TemporaryDirectory();
        Commit(committed.Path, Synthetic.Measurements(Synthetic.Profile, 0.01));
        string before = File.ReadAllText(committed.File(CalibrationRunner.HostCpuFile));
        var clock = Stopwatch.StartNew();

        CalibrationResult result = CalibrationRunner.Run(new CalibrationOptions
        {
            Mode = CalibrationMode.Quick,
            OutputDirectory = output.Path,
            CommittedDirectory = committed.Path,
            Verbose = false,
        });

        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Failures));
        Assert.HasCount(CalibrationRunner.BenchmarkTypes.Count, result.Measurements);
        Assert.AreEqual(CommittedCalibrationState.Reproduced, result.Committed, string.Join("\n", result.Warnings));
        Assert.IsNull(result.Fit);
        Assert.AreEqual(before, File.ReadAllText(committed.File(CalibrationRunner.HostCpuFile)));
        Assert.IsFalse(File.Exists(output.File(CalibrationRunner.HostCpuFile)));
        string[] raw = Directory.GetFiles(output.File(CalibrationRunner.QuickRawFolder));
        Assert.IsTrue(raw.Any(f => f.EndsWith("-report-full.json", StringComparison.Ordinal)), string.Join(", ", raw));
        Assert.IsTrue(raw.Any(f => f.EndsWith("-report.csv", StringComparison.Ordinal)), string.Join(", ", raw));
        Assert.IsLessThan(30, clock.Elapsed.TotalSeconds);
    }

    [TestMethod]
    public void Run_QuickWithoutCommittedCalibration_WarnsAndFallsBack()
    {
        using var committed = new TemporaryDirectory();
        (CommittedCalibrationState state, string? warning) = CalibrationRunner.CheckCommitted(committed.Path);
        Assert.AreEqual(CommittedCalibrationState.Missing, state);
        Assert.IsNotNull(warning);
        Assert.Contains("placeholder", warning);
    }

    [TestMethod]
    public void Run_Refit_RewritesTheSameHostCpuAndPassesTheQuickCheck()
    {
        using var committed = new TemporaryDirectory();
        using var output = new TemporaryDirectory();
        Commit(committed.Path, Synthetic.Measurements(Synthetic.Profile, 0.01));

        CalibrationResult result = CalibrationRunner.Run(new CalibrationOptions
        {
            Mode = CalibrationMode.Refit,
            OutputDirectory = output.Path,
            CommittedDirectory = committed.Path,
            Verbose = false,
        });

        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Failures));
        Assert.IsNotNull(result.Fit);
        Assert.AreEqual(File.ReadAllText(committed.File(CalibrationRunner.HostCpuFile)), File.ReadAllText(output.File(CalibrationRunner.HostCpuFile)));
        string[] loo = File.ReadAllLines(output.File(CalibrationRunner.LeaveOneOutFile));
        Assert.AreEqual(LeaveOneOut.Header, loo[0]);
        Assert.HasCount(result.LeaveOneOut.Count + 1, loo);
        Assert.AreEqual(CommittedCalibrationState.Reproduced, CalibrationRunner.CheckCommitted(output.Path).State);
        Assert.IsEmpty(Directory.GetFiles(output.Path, "*.tmp-*"));
        Assert.Contains("leave-one-out:", result.Describe());
    }

    [TestMethod]
    public void Run_RefitOfCorruptMeasurements_FailsNamingTheFile()
    {
        using var committed = new TemporaryDirectory();
        Commit(committed.Path, Synthetic.Measurements(Synthetic.Profile, 0.01));
        File.WriteAllText(committed.File(CalibrationRunner.MeasurementsFile), "kernel\n");
        CalibrationResult result = CalibrationRunner.Run(new CalibrationOptions { Mode = CalibrationMode.Refit, CommittedDirectory = committed.Path, OutputDirectory = committed.Path });
        Assert.IsFalse(result.Succeeded);
        Assert.Contains(CalibrationRunner.MeasurementsFile, result.Failures[0]);
    }
}
