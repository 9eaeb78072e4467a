using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Tests.Catalog;

[TestClass]
public sealed class HardwareCatalogTests
{
    private static HardwareCatalog Catalog => HardwareCatalog.Default;

    [TestMethod]
    [DataRow("v100-sxm2-32gb")]
    [DataRow("a100-sxm4-40gb")]
    [DataRow("a100-sxm4-80gb")]
    [DataRow("h100-sxm5-80gb")]
    [DataRow("h200-sxm-141gb")]
    [DataRow("b200-sxm-180gb")]
    [DataRow("mi300x")]
    [DataRow("tpu-v4")]
    [DataRow("tpu-v5p")]
    [DataRow("host-cpu")]
    public void Accelerator_RequiredId_Exists(string id)
    {
        Assert.AreEqual(id, Catalog.Accelerator(id).Id);
    }

    [TestMethod]
    [DataRow("dgx-1-v100")]
    [DataRow("dgx-a100-80gb")]
    [DataRow("dgx-h100")]
    [DataRow("hgx-h200")]
    [DataRow("dgx-b200")]
    [DataRow("tpu-v4-pod")]
    public void System_RequiredId_ExistsWithKnownAccelerator(string id)
    {
        SystemSpec s = Catalog.System(id);
        Assert.IsTrue(Catalog.HasAccelerator(s.AcceleratorId), s.AcceleratorId);
        Assert.IsGreaterThan(0, s.AcceleratorsPerNode);
    }

    [TestMethod]
    public void AllIds_AreLowercaseKebab()
    {
        IEnumerable<string> ids = Catalog.Accelerators.Select(a => a.Id)
            .Concat(Catalog.Links.Select(l => l.Id))
            .Concat(Catalog.Systems.Select(s => s.Id))
            .Concat(Catalog.Storage.Select(s => s.Id))
            .Concat(Catalog.CloudInstances.Select(c => c.Id));
        foreach (string id in ids)
        {
            Assert.IsTrue(CatalogIds.IsKebab(id), id);
        }
    }

    [TestMethod]
    public void Accelerator_A100Sxm80_ReadsRowValuesWithBinaryHbm()
    {
        AcceleratorSpec a = Catalog.Accelerator("a100-sxm4-80gb");
        Assert.AreEqual(Bytes.FromGiB(80), a.Memory);
        Assert.AreEqual(ByteRate.FromGBps(2039), a.MemoryBandwidth);
        Assert.AreEqual(312.0, a.PeakFor(Precision.Bf16).Teraflops, 1e-9);
        Assert.AreEqual(156.0, a.PeakFor(Precision.Tf32).Teraflops, 1e-9);
        Assert.IsFalse(a.Supports(Precision.Fp8));
        Assert.AreEqual(ByteRate.FromGBps(300), a.ScaleUpPerDirection);
        Assert.AreEqual(12, a.ScaleUpLinks);
        Assert.AreEqual("80 GB", a.MemoryAsPublished);
        Assert.IsNotNull(a.Origin);
        Assert.AreEqual("accelerators.csv", a.Origin.File);
        Assert.AreEqual("80", a.Origin["memory_GB"]);
        Assert.Contains("accelerators.csv row 6", a.Source);
    }

    [TestMethod]
    public void Accelerator_V100_UnsupportedFormatsAreAbsent()
    {
        AcceleratorSpec v = Catalog.Accelerator("v100-sxm2-32gb");
        Assert.IsTrue(v.Supports(Precision.Fp16));
        Assert.IsFalse(v.Supports(Precision.Bf16));
        NotSupportedException ex = Assert.ThrowsExactly<NotSupportedException>(() => v.PeakFor(Precision.Bf16));
        Assert.Contains("v100-sxm2-32gb", ex.Message);
    }

    [TestMethod]
    public void MatmulCeiling_MeasuredDevices_ComeFromMamfTable()
    {
        // A100 SXM has two rows: the sweep's best shape (271.2) and a long 8192³ run on random data (257.5): the lower holds.
        Assert.AreEqual(257.5 / 312, Catalog.Accelerator("a100-sxm4-80gb").MatmulCeiling[Precision.Bf16], 1e-9);
        StringAssert.Contains(Catalog.MatmulCeilings.OriginOf("a100-sxm4-80gb", Precision.Fp16), "8192x8192x8192");
        Assert.AreEqual(794.5 / 989, Catalog.Accelerator("h100-sxm5-80gb").MatmulCeiling[Precision.Bf16], 1e-9);
        Assert.AreEqual(1453.4 / 1979, Catalog.Accelerator("h200-sxm-141gb").MatmulCeiling[Precision.Fp8], 1e-9);
        Assert.AreEqual(794.5 / 989, Catalog.Accelerator("h200-sxm-141gb").MatmulCeiling[Precision.Bf16], 1e-9);
        Assert.IsTrue(Catalog.MatmulCeilings.IsMeasured("mi300x", Precision.Bf16));
    }

    [TestMethod]
    public void MatmulCeilingShape_MeasuredDevices_CarryTheBestShapeOfTheirRow()
    {
        Assert.AreEqual(new MatmulShape(8192, 8192, 8192), Catalog.Accelerator("a100-sxm4-80gb").MatmulCeilingShape[Precision.Bf16]);
        Assert.AreEqual(new MatmulShape(8192, 8192, 8192), Catalog.Accelerator("a100-sxm4-80gb").MatmulCeilingShape[Precision.Fp16]);
        Assert.AreEqual(new MatmulShape(2048, 5120, 6144), Catalog.Accelerator("a100-pcie-80gb").MatmulCeilingShape[Precision.Bf16]);
        Assert.AreEqual(new MatmulShape(2048, 2048, 13312), Catalog.Accelerator("h200-sxm-141gb").MatmulCeilingShape[Precision.Bf16]);
        Assert.AreEqual(new MatmulShape(1280, 4096, 12032), Catalog.Accelerator("h200-sxm-141gb").MatmulCeilingShape[Precision.Fp8]);
        Assert.IsFalse(Catalog.Accelerator("tpu-v4").MatmulCeilingShape.ContainsKey(Precision.Bf16));
    }

    [TestMethod]
    [DataRow("1024x10240x5120", 1024L, 10240L, 5120L)]
    [DataRow(" 16384x4096x768 ", 16384L, 4096L, 768L)]
    public void MatmulShape_TryParse_ReadsMxNxK(string text, long m, long n, long k) =>
        Assert.AreEqual(new MatmulShape(m, n, k), MatmulShape.TryParse(text));

    [TestMethod]
    [DataRow("")]
    [DataRow("1024x10240")]
    [DataRow("0x10x10")]
    [DataRow("1024x-1x5")]
    [DataRow("axbxc")]
    public void MatmulShape_TryParse_RejectsOtherText(string text) => Assert.IsNull(MatmulShape.TryParse(text));

    [TestMethod]
    public void MatmulCeiling_UnmeasuredDevice_UsesMedianDefault()
    {
        Assert.IsFalse(Catalog.MatmulCeilings.IsMeasured("tpu-v4", Precision.Bf16));
        Assert.AreEqual(Catalog.MatmulCeilings.DefaultBf16, Catalog.Accelerator("tpu-v4").MatmulCeiling[Precision.Bf16], 1e-12);
        Assert.AreEqual((0.786 + 0.776) / 2, Catalog.MatmulCeilings.DefaultBf16, 0.002);
    }

    [TestMethod]
    public void UnknownId_ThrowsListingNearestIds()
    {
        UnknownCatalogIdException ex = Assert.ThrowsExactly<UnknownCatalogIdException>(() => Catalog.Accelerator("a100-sxm4-80g"));
        Assert.AreEqual("a100-sxm4-80gb", ex.Nearest[0]);
        Assert.Contains("a100-sxm4-80gb", ex.Message);
        Assert.Contains("accelerator 'a100-sxm4-80g'", ex.Message);
    }

    [TestMethod]
    public void UnknownSystem_ThrowsListingNearestIds()
    {
        UnknownCatalogIdException ex = Assert.ThrowsExactly<UnknownCatalogIdException>(() => Catalog.System("dgx-a100"));
        Assert.Contains("dgx-a100-80gb", ex.Nearest);
    }

    [TestMethod]
    public void Links_CarryPerDirectionBandwidthAndEfficiency()
    {
        LinkSpec nvlink3 = Catalog.Link("nvlink-3");
        Assert.AreEqual(ByteRate.FromGBps(25), nvlink3.PerLinkPerDirection);
        Assert.AreEqual(ByteRate.FromGBps(300), nvlink3.TotalPerDirection);
        Assert.AreEqual(0.8, nvlink3.AchievableFraction, 1e-12);
        Assert.Contains("SM80_NVLINK_BW", nvlink3.AchievableSource);
        LinkSpec hdr = Catalog.Link("ib-hdr");
        Assert.AreEqual(ByteRate.FromGigabitsPerSecond(200), hdr.PortRate);
        Assert.AreEqual(Duration.FromMicroseconds(0.6), hdr.Latency);
        Assert.AreEqual(ByteRate.FromGBps(450), Catalog.Link("nvswitch-gen3").TotalPerDirection);
    }

    [TestMethod]
    public void Systems_DgxA100_HasEightHdrNicsAndNvSwitch()
    {
        SystemSpec s = Catalog.System("dgx-a100-80gb");
        Assert.AreEqual(8, s.AcceleratorsPerNode);
        Assert.AreEqual(ScaleUpFabric.NvSwitch, s.Fabric);
        Assert.AreEqual(8, s.NicsPerNode);
        Assert.AreEqual("ib-hdr", s.ScaleOutLinkId);
        Assert.AreEqual(ByteRate.FromGBps(300), s.PerAcceleratorScaleUp);
        Assert.AreEqual(Bytes.FromTiB(1), s.HostMemory);
        Assert.AreEqual(15e12, s.LocalStorageCapacity!.Value.Count, 1);
    }

    [TestMethod]
    public void Storage_LongFormat_GroupsMetricsByProduct()
    {
        StorageSpec s = Catalog.StorageProduct("samsung-990-pro-2tb");
        Assert.AreEqual(StorageClass.LocalNvme, s.Class);
        Assert.AreEqual(ByteRate.FromMBps(7450), s.RateOf("sequential_read"));
        Assert.AreEqual(ByteRate.FromMBps(6900), s.RateOf("sequential_write"));
        Assert.AreEqual(new ByteRate(1000 * Bytes.MiB), Catalog.StorageProduct("ebs-gp3").RateOf("max_throughput_per_volume"));
    }

    [TestMethod]
    public void Cloud_P4d_MapsToA100AndPrice()
    {
        CloudInstanceSpec c = Catalog.CloudInstance("aws", "p4d.24xlarge");
        Assert.AreEqual("a100-sxm4-40gb", c.AcceleratorId);
        Assert.AreEqual(8, c.Accelerators);
        Assert.AreEqual(21.957642, c.OnDemandUsdPerHour!.Value, 1e-9);
        Assert.AreEqual(ByteRate.FromGigabitsPerSecond(400), c.Network);
    }

    [TestMethod]
    public void Cloud_AllGpuInstances_MapToCatalogAccelerators()
    {
        foreach (CloudInstanceSpec c in Catalog.CloudInstances)
        {
            Assert.IsTrue(Catalog.HasAccelerator(c.AcceleratorId), $"{c.Id}: '{c.AcceleratorModel}'");
        }
    }

    [TestMethod]
    public void Version_IsStableHashOfEmbeddedData()
    {
        Assert.StartsWith("sha256:", Catalog.Version);
        Assert.AreEqual(HardwareCatalog.Load().Version, HardwareCatalog.Load().Version);
        Assert.AreNotEqual(HardwareCatalog.Load().Version, Catalog.Version, "the default catalog's version covers the embedded calibration");
    }

    [TestMethod]
    public void HostCpu_CsvFilesAlone_IsFlaggedPlaceholder()
    {
        AcceleratorSpec cpu = HardwareCatalog.Load().Accelerator("host-cpu");
        Assert.IsTrue(cpu.IsPlaceholder);
        Assert.IsTrue(cpu.Supports(Precision.Fp32));
    }

    [TestMethod]
    public void HostCpu_Default_IsTheCommittedCalibration()
    {
        Assert.IsEmpty(Catalog.Warnings);
        Assert.IsFalse(Catalog.Accelerator("host-cpu").IsPlaceholder);
        Assert.IsFalse(Catalog.HostCpu.IsPlaceholder);
    }

    [TestMethod]
    public void HostCpu_MissingCalibration_FallsBackWithWarningNamingFile()
    {
        string path = Path.Combine(Path.GetTempPath(), "deepscale-no-such-calibration.json");
        HardwareCatalog c = HardwareCatalog.Load().WithHostCpuCalibration(path);
        Assert.IsTrue(c.Accelerator("host-cpu").IsPlaceholder);
        Assert.HasCount(1, c.Warnings);
        Assert.Contains(path, c.Warnings[0]);
    }

    [TestMethod]
    public void HostCpu_CorruptCalibration_FallsBackWithWarningNamingFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"deepscale-corrupt-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ \"memory\": \"24\" ");
        try
        {
            HardwareCatalog c = Catalog.WithHostCpuCalibration(path);
            Assert.IsTrue(c.Accelerator("host-cpu").IsPlaceholder);
            Assert.Contains(path, c.Warnings[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void HostCpu_ValidCalibration_ReplacesPlaceholder()
    {
        string path = Path.Combine(Path.GetTempPath(), $"deepscale-cal-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            { "name": "EPYC 2 cores", "memory": "24 GiB", "memory_bandwidth": "18 GB/s",
              "dense_peak": { "fp32": "150 GFLOP/s" }, "matmul_ceiling": { "fp32": 0.7 }, "source": "unit test" }
            """);
        try
        {
            HardwareCatalog c = Catalog.WithHostCpuCalibration(path);
            AcceleratorSpec cpu = c.Accelerator("host-cpu");
            Assert.IsFalse(cpu.IsPlaceholder);
            Assert.IsEmpty(c.Warnings);
            Assert.AreEqual(150.0, cpu.PeakFor(Precision.Fp32).FlopsPerSecond / 1e9, 1e-9);
            Assert.AreEqual(0.7, cpu.MatmulCeiling[Precision.Fp32], 1e-12);
            Assert.AreEqual(ByteRate.FromGBps(18), cpu.MemoryBandwidth);
            Assert.IsTrue(HardwareCatalog.Load().Accelerator("host-cpu").IsPlaceholder);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
