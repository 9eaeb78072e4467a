using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Cloud;
using DeepScale.Hardware.Specs;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Tests.Cloud;

[TestClass]
public sealed class CloudNodeTests
{
    [TestMethod]
    public void FromInstance_P4d_IsEightA100OnNvSwitchWithSplitNetwork()
    {
        NodeSpec node = CloudNode.FromInstance(HardwareCatalog.Default.CloudInstance("aws", "p4d.24xlarge"));
        Assert.AreEqual("a100-sxm4-40gb", node.Accelerator.Id);
        Assert.AreEqual(8, node.AcceleratorsPerNode);
        Assert.AreEqual(ScaleUpFabric.NvSwitch, node.Fabric);
        Assert.AreEqual(ByteRate.FromGigabitsPerSecond(400), node.ScaleOutPerNode);
        Assert.AreEqual(Bytes.FromGiB(1152), node.HostMemory);
    }

    [TestMethod]
    public void BuildCluster_FourP4d_CostsFourTimesOnDemand()
    {
        (Cluster cluster, CloudCost cost) = CloudNode.BuildCluster(HardwareCatalog.Default.CloudInstance("aws", "p4d.24xlarge"), 4);
        Assert.AreEqual(32, cluster.AcceleratorCount);
        Assert.AreEqual(4 * 21.957642, cost.UsdPerHour, 1e-9);
        Assert.AreEqual(4 * 21.957642 / 3600 * 2.5, cost.UsdPerIteration(Duration.FromSeconds(2.5)), 1e-12);
        Assert.AreEqual(21.957642 / 8, cost.UsdPerAcceleratorHour, 1e-12);
    }

    [TestMethod]
    public void CloudCost_NoOnDemandPrice_ErrorNamesField()
    {
        TopologyException ex = Assert.ThrowsExactly<TopologyException>(() => CloudCost.For(HardwareCatalog.Default.CloudInstance("aws", "p5e.48xlarge"), 1));
        Assert.AreEqual("cluster.cloud.instance", ex.Field);
    }

    [TestMethod]
    public void FromInstance_SingleL4_HasNoScaleUpFabric()
    {
        NodeSpec node = CloudNode.FromInstance(HardwareCatalog.Default.CloudInstance("gcp", "g2-standard-4"));
        Assert.AreEqual(ScaleUpFabric.PcieTree, node.Fabric);
        Assert.AreEqual(1, node.AcceleratorsPerNode);
    }
}
