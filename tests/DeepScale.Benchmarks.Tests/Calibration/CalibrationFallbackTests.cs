using DeepScale.Benchmarks.Calibration;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Specs;

namespace DeepScale.Benchmarks.Tests.Calibration;

[TestClass]
public sealed class CalibrationFallbackTests
{
    [TestMethod]
    public void Load_MissingFile_PlaceholderAndWarningNamingTheFile()
    {
        using var dir = new TemporaryDirectory();
        string path = dir.File("host-cpu.json");
        (AcceleratorSpec device, string? warning) = HostCpuDevice.Load(path);
        Assert.IsTrue(device.IsPlaceholder);
        Assert.IsNotNull(warning);
        Assert.Contains(path, warning);
    }

    [TestMethod]
    [DataRow("{ \"memory\": ")]
    [DataRow("{ \"memory\": \"24 GiB\" }")]
    [DataRow("")]
    public void Load_CorruptFile_PlaceholderAndWarningNamingTheFile(string text)
    {
        using var dir = new TemporaryDirectory();
        string path = dir.File("host-cpu.json");
        File.WriteAllText(path, text);
        (AcceleratorSpec device, string? warning) = HostCpuDevice.Load(path);
        Assert.IsTrue(device.IsPlaceholder);
        Assert.IsNotNull(warning);
        Assert.Contains(path, warning);
    }

    [TestMethod]
    public void CheckCommitted_EmptyDirectory_MissingWithTheFileNamed()
    {
        using var dir = new TemporaryDirectory();
        (CommittedCalibrationState state, string? warning) = CalibrationRunner.CheckCommitted(dir.Path);
        Assert.AreEqual(CommittedCalibrationState.Missing, state);
        Assert.IsNotNull(warning);
        Assert.Contains(dir.File(CalibrationRunner.HostCpuFile), warning);
        Assert.Contains("placeholder", warning);
    }

    [TestMethod]
    public void CheckCommitted_CorruptHostCpu_CorruptWithTheFileNamed()
    {
        using var dir = new TemporaryDirectory();
        File.WriteAllText(dir.File(CalibrationRunner.HostCpuFile), "{ \"memory\": 3 }");
        (CommittedCalibrationState state, string? warning) = CalibrationRunner.CheckCommitted(dir.Path);
        Assert.AreEqual(CommittedCalibrationState.Corrupt, state);
        Assert.IsNotNull(warning);
        Assert.Contains(dir.File(CalibrationRunner.HostCpuFile), warning);
    }

    [TestMethod]
    public void CheckCommitted_LoadableFileWithoutMeasurements_Unverifiable()
    {
        using var dir = new TemporaryDirectory();
        HostCalibrationFit fit = HostProfileFitter.Fit(Synthetic.Measurements(Synthetic.Profile, 0), Synthetic.Facts);
        File.WriteAllText(dir.File(CalibrationRunner.HostCpuFile), CalibrationJson.HostCpu(fit));
        (CommittedCalibrationState state, string? warning) = CalibrationRunner.CheckCommitted(dir.Path);
        Assert.AreEqual(CommittedCalibrationState.Unverifiable, state);
        Assert.IsNotNull(warning);
        Assert.Contains(CalibrationRunner.MeasurementsFile, warning);
    }
}
