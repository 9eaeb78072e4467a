using DeepScale.Benchmarks.Calibration;
using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Specs;

namespace DeepScale.Benchmarks.Tests.Calibration;

[TestClass]
public sealed class CalibrationJsonTests
{
    private static readonly IReadOnlyList<KernelMeasurement> s_measurements = Synthetic.Measurements(Synthetic.Profile, 0);
    private static readonly HostCalibrationFit s_fit = HostProfileFitter.Fit(s_measurements, Synthetic.Facts);

    [TestMethod]
    public void HostCpu_LoadedByTheCatalog_CarriesTheFittedNumbers()
    {
        using var dir = new TemporaryDirectory();
        string path = dir.File("host-cpu.json");
        File.WriteAllText(path, CalibrationJson.HostCpu(s_fit));

        (AcceleratorSpec device, string? warning) = HostCpuDevice.Load(path);

        Assert.IsNull(warning);
        Assert.IsFalse(device.IsPlaceholder);
        Assert.AreEqual(HostCpuDevice.Id, device.Id);
        Assert.AreEqual(360e9, device.PeakFor(Precision.Fp32).FlopsPerSecond, 0.001 * 360e9);
        Assert.AreEqual(s_fit.Profile.MatmulCeiling, device.MatmulCeiling[Precision.Fp32], 1e-4);
        Assert.AreEqual(s_fit.Profile.DramBandwidthAllCores.BytesPerSecond, device.MemoryBandwidth.BytesPerSecond, 0.001 * device.MemoryBandwidth.BytesPerSecond);
        Assert.AreEqual(Bytes.FromGiB(24), device.Memory);
        Assert.Contains(path, device.Source);
    }

    [TestMethod]
    public void HostCpu_SameFit_SameBytes()
    {
        HostCalibrationFit again = HostProfileFitter.Fit(s_measurements, Synthetic.Facts);
        Assert.AreEqual(CalibrationJson.HostCpu(s_fit), CalibrationJson.HostCpu(again));
    }

    [TestMethod]
    public void Fit_Report_RoundTripsFactsAndContext()
    {
        var context = new MeasurementContext("BenchmarkDotNet 0.15.8", "job", "in-process", "env", "0.1 0.2 0.3", "0.4 0.5 0.6", "2026-01-01T00:00:00Z");
        string json = CalibrationJson.Fit(s_fit, context, s_measurements, []);
        (HostFacts facts, MeasurementContext back) = CalibrationJson.ReadFit(json, "host-cpu-fit.json");
        Assert.AreEqual(Synthetic.Facts, facts);
        Assert.AreEqual(context, back);
        Assert.Contains("\"alpha\": \"15 us\"", json);
        Assert.Contains("\"beta\": \"3 GB/s\"", json);
    }

    [TestMethod]
    public void Fit_Report_ListsMeasuredThreadSpeedups()
    {
        IReadOnlyList<(KernelCase One, KernelCase Many, double Speedup)> pairs = CalibrationJson.Speedups(s_measurements);
        Assert.IsTrue(pairs.Any(p => p.One.Kernel == HostKernel.Gemm && p.One.Parameters == "Shape=1024x1024x1024;Threads=1" && p.Many.Threads == 2));
        Assert.IsTrue(pairs.All(p => p.Speedup > 0));
        (KernelCase _, KernelCase _, double peak) = pairs.Single(p => p.One.Kernel == HostKernel.PeakFlops);
        Assert.AreEqual(1.8, peak, 1e-3);
    }

    [TestMethod]
    [DataRow("{ not json", "")]
    [DataRow("""{ "memory": "24 GiB", "memory_bandwidth": "40 GB/s", "dense_peak": {} }""", "dense_peak is empty")]
    [DataRow("""{ "memory": "24", "memory_bandwidth": "40 GB/s", "dense_peak": { "fp32": "1 TFLOP/s" } }""", "byte size")]
    [DataRow("""{ "memory": "24 GiB", "memory_bandwidth": "40 GB/s", "dense_peak": { "fp32": "1 TFLOP/s" }, "matmul_ceiling": { "fp32": 1.5 } }""", "not in (0, 1]")]
    public void ProblemWithHostCpu_BadFile_SaysWhat(string json, string expected)
    {
        string? problem = CalibrationJson.ProblemWithHostCpu(json);
        Assert.IsNotNull(problem);
        Assert.Contains(expected, problem);
    }

    [TestMethod]
    public void ProblemWithHostCpu_WrittenFile_None()
    {
        Assert.IsNull(CalibrationJson.ProblemWithHostCpu(CalibrationJson.HostCpu(s_fit)));
    }
}
