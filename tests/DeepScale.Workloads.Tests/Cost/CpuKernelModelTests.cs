using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Specs;
using DeepScale.Workloads.Cost;

namespace DeepScale.Workloads.Tests.Cost;

[TestClass]
public sealed class CpuKernelModelTests
{
    private static readonly HostCpuCostProfile s_cpu = CommittedCalibration.Profile();

    private static double Seconds(CpuKernel kernel, int threads = 1) => CpuKernelModel.Seconds(kernel, threads, s_cpu);

    [TestMethod]
    public void Seconds_CommittedCalibration_ReproducesTheFitsOwnPredictionForEveryInMemoryCase()
    {
        // The fit report prints each fitted time with four significant digits (at most 0.05% off); the simulator's
        // model, evaluated with the full-precision cpu_model section, must give the same times.
        IReadOnlyList<(string Name, CpuKernel Kernel, int Threads, Duration Fitted)> cases = CommittedCalibration.FittedCases();

        Assert.IsGreaterThanOrEqualTo(50, cases.Count);
        foreach ((string name, CpuKernel kernel, int threads, Duration fitted) in cases)
        {
            double model = Seconds(kernel, threads);
            Assert.AreEqual(fitted.Seconds, model, 6e-4 * fitted.Seconds, name);
        }
    }

    [TestMethod]
    public void Seconds_GemmOnFullRegisterTiles_IsLaunchPackReadUpdateAndComputeAtTheMicroKernelRate()
    {
        // 256×256×256 on one thread: one column block, one k-block; everything fits L2 (256 KiB per operand).
        var g = new CpuGemm(256, 256, 256);
        double f = CpuKernel.FloatBytes;
        double compute = 2.0 * 256 * 256 * 256 / s_cpu.GemmCoreRate.FlopsPerSecond;
        double pack = (f * 256 * 256 / s_cpu.PackTransposeBandwidth.BytesPerSecond) + (f * 256 * 256 / s_cpu.PackCopyBandwidth.BytesPerSecond);
        double read = 2 * f * 256 * 256 / s_cpu.L2Bandwidth.BytesPerSecond;
        double update = f * 256 * 256 * 1 / s_cpu.L2Bandwidth.BytesPerSecond;
        double expected = s_cpu.LaunchOverhead.Seconds + compute + pack + read + update;

        Assert.AreEqual(expected, Seconds(g), 1e-12 * expected);
    }

    [TestMethod]
    public void Seconds_TransposedOperands_PackWithTheOtherBandwidth()
    {
        // Packing A stored M×K transposes it; A stored K×M (At) copies it, which the calibration measured faster.
        double plain = Seconds(new CpuGemm(512, 512, 64));
        double transposedA = Seconds(new CpuGemm(512, 512, 64, TransposeA: true));

        Assert.IsLessThan(plain, transposedA);
    }

    [TestMethod]
    public void Seconds_MapBeyondL2_StoresToUnreadLinesAtTheStoreBandwidthAndInPlaceOutputsStream()
    {
        long n = 8 << 20; // 32 MiB per array: DRAM
        double add = Seconds(CpuMap.Add(n));
        double axpy = Seconds(CpuMap.Axpy(n));
        double bandwidth = s_cpu.DramBandwidth.BytesPerSecond;
        double store = s_cpu.StoreBandwidth.Dram.BytesPerSecond;

        Assert.AreEqual(s_cpu.LaunchOverhead.Seconds + (8.0 * n / bandwidth) + (4.0 * n / store), add, 1e-9 * add);
        Assert.AreEqual(s_cpu.LaunchOverhead.Seconds + (12.0 * n / bandwidth), axpy, 1e-9 * axpy);
    }

    [TestMethod]
    public void Seconds_StoreBandwidthNotMeasured_CountsAStoreToAnUnreadLineAsTwoStreamedBytes()
    {
        // Without a store measurement the model falls back to McCalpin's count: the line is fetched and written back.
        HostCpuCostProfile unmeasured = s_cpu with { L3StoreBandwidth = ByteRate.Zero, DramStoreBandwidth = ByteRate.Zero };
        long n = 8 << 20;
        double add = CpuKernelModel.Seconds(CpuMap.Add(n), 1, unmeasured);
        double copy = CpuKernelModel.Seconds(new CpuCopy(4L * n), 1, unmeasured);
        double bandwidth = unmeasured.DramBandwidth.BytesPerSecond;

        Assert.AreEqual(unmeasured.LaunchOverhead.Seconds + (16.0 * n / bandwidth), add, 1e-9 * add);
        Assert.AreEqual(unmeasured.LaunchOverhead.Seconds + (12.0 * n / bandwidth), copy, 1e-9 * copy);
    }

    [TestMethod]
    public void Seconds_InPlaceMap_StreamsFromTheLevelItsDistinctArraysFit()
    {
        // 1.5 MiB per array: an in-place scaling touches one array (within the 2 MiB L2) though it moves 3 MiB; the
        // same scaling into another array touches two (beyond L2).
        long n = 3 << 17;
        double inPlace = Seconds(CpuMap.ScaleInPlace(n));
        double copy = Seconds(CpuMap.Scale(n));

        Assert.AreEqual(s_cpu.LaunchOverhead.Seconds + (8.0 * n / s_cpu.L2Bandwidth.BytesPerSecond), inPlace, 1e-9 * inPlace);
        Assert.AreEqual(s_cpu.LaunchOverhead.Seconds + (4.0 * n / s_cpu.L3Bandwidth.BytesPerSecond) + (4.0 * n / s_cpu.StoreBandwidth.L3.BytesPerSecond),
            copy, 1e-9 * copy);
    }

    [TestMethod]
    public void Seconds_ZeroThreads_Throws()
    {
        ArgumentOutOfRangeException e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Seconds(new CpuGemm(8, 8, 8), 0));

        Assert.Contains("threads", e.Message);
    }

    [TestMethod]
    public void WriteCpuModel_ThenLoad_GivesTheSameProfileBitForBit()
    {
        string path = Path.Combine(Path.GetTempPath(), $"deepscale-cpu-model-{Guid.NewGuid():N}.json");
        try
        {
            using (var stream = File.Create(path))
            using (var w = new System.Text.Json.Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                w.WriteString("memory", "24 GiB");
                w.WriteString("memory_bandwidth", "88.71 GB/s");
                w.WriteStartObject("dense_peak");
                w.WriteString("fp32", "415.9 GFLOP/s");
                w.WriteEndObject();
                w.WritePropertyName(HostCpuDevice.CpuModelKey);
                HostCpuDevice.WriteCpuModel(w, s_cpu);
                w.WriteEndObject();
            }

            (_, HostCpuCostProfile back, string? warning) = HostCpuDevice.LoadCalibration(path);

            Assert.IsNull(warning);
            Assert.AreEqual(s_cpu with { Source = back.Source }, back);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void LoadCalibration_CorruptCpuModel_FallsBackToThePlaceholderWithAWarningNamingTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"deepscale-cpu-model-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            { "memory": "24 GiB", "memory_bandwidth": "18 GB/s", "dense_peak": { "fp32": "150 GFLOP/s" },
              "cpu_model": { "cores": 2, "l2_cache": "1 MiB" } }
            """);
        try
        {
            (AcceleratorSpec device, HostCpuCostProfile cpu, string? warning) = HostCpuDevice.LoadCalibration(path);

            Assert.IsTrue(device.IsPlaceholder);
            Assert.IsTrue(cpu.IsPlaceholder);
            Assert.IsNotNull(warning);
            Assert.Contains(path, warning);
            Assert.Contains("cpu_model.last_level_cache", warning);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
