using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Tests.Catalog;

/// <summary>The Tesla P100, the Big Basin server and the 50 Gbit/s Ethernet link of the catalog.</summary>
[TestClass]
public sealed class BigBasinCatalogTests
{
    private static HardwareCatalog Catalog => HardwareCatalog.Default;

    [TestMethod]
    public void Accelerator_P100_HasItsPeaksMemoryAndSources()
    {
        AcceleratorSpec p100 = Catalog.Accelerator("p100-sxm2-16gb");

        Assert.AreEqual(10.6e12, p100.DensePeak[Precision.Fp32].FlopsPerSecond, 1e6);
        Assert.AreEqual(21.2e12, p100.DensePeak[Precision.Fp16].FlopsPerSecond, 1e6);
        Assert.IsFalse(p100.Supports(Precision.Bf16));
        Assert.IsFalse(p100.Supports(Precision.Tf32));
        Assert.AreEqual(Bytes.FromGiB(16), p100.Memory);
        Assert.AreEqual(720e9, p100.MemoryBandwidth.BytesPerSecond, 1);
        Assert.AreEqual(80e9, p100.ScaleUpPerDirection.BytesPerSecond, 1);
        Assert.AreEqual(4, p100.ScaleUpLinks);
        Assert.Contains("hothardware.com", p100.Source);
    }

    [TestMethod]
    public void MatmulCeiling_P100_IsTheMedianFallbackOfUnmeasuredDevices()
    {
        AcceleratorSpec p100 = Catalog.Accelerator("p100-sxm2-16gb");

        Assert.IsFalse(Catalog.MatmulCeilings.IsMeasured(p100.Id, Precision.Bf16));
        Assert.AreEqual(Catalog.MatmulCeilings.DefaultBf16, p100.MatmulCeiling[Precision.Fp32], 1e-12);
        Assert.AreEqual(Catalog.MatmulCeilings.DefaultBf16, p100.MatmulCeiling[Precision.Fp16], 1e-12);
    }

    [TestMethod]
    public void EfficiencyProfile_P100_HasFiftySixSmsAndTheCommonHbmDefaults()
    {
        ComputeEfficiencyProfile p100 = Catalog.EfficiencyProfile("p100-sxm2-16gb");
        ComputeEfficiencyProfile v100 = Catalog.EfficiencyProfile("v100-sxm2-16gb");

        Assert.AreEqual("p100-sxm2-16gb", p100.AcceleratorId);
        Assert.AreEqual(56, p100.StreamingMultiprocessors);
        Assert.IsNull(p100.L2Bandwidth);
        Assert.AreEqual(v100.MemoryBandwidthFraction, p100.MemoryBandwidthFraction);
        Assert.AreEqual(v100.KernelLaunchLatency, p100.KernelLaunchLatency);
        Assert.Contains("56 SMs", p100.Source);
        Assert.AreEqual(80, v100.StreamingMultiprocessors);
    }

    [TestMethod]
    public void System_BigBasin_IsEightP100OnTheCubeMeshWithOneFiftyGbitNic()
    {
        SystemSpec s = Catalog.System("big-basin-p100");

        Assert.AreEqual("p100-sxm2-16gb", s.AcceleratorId);
        Assert.AreEqual(8, s.AcceleratorsPerNode);
        Assert.AreEqual(ScaleUpFabric.HybridCubeMesh, s.Fabric);
        Assert.AreEqual("nvlink-1", s.ScaleUpLinkId);
        Assert.AreEqual(80e9, s.PerAcceleratorScaleUp.BytesPerSecond, 1);
        Assert.AreEqual(1, s.NicsPerNode);
        Assert.AreEqual(6.25e9, s.NicRate.BytesPerSecond, 1);
        Assert.AreEqual("roce-50g", s.ScaleOutLinkId);
        Assert.IsNotNull(s.Origin);
        Assert.Contains("1706.02677", s.Origin["source"]);
    }

    [TestMethod]
    public void Link_FiftyGbE_IsTheLineRateOverEightWithItsSource()
    {
        LinkSpec link = Catalog.Link("roce-50g");

        Assert.AreEqual(LinkCategory.ScaleOut, link.Category);
        Assert.AreEqual(6.25e9, link.PortRate.BytesPerSecond, 1);
        Assert.AreEqual(6.25e9, link.TotalPerDirection.BytesPerSecond, 1);
        Assert.IsNotNull(link.Origin);
        Assert.Contains("1706.02677", link.Origin["source"]);
    }
}
