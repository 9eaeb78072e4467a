using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Specs;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Cloud;

/// <summary>
/// Turns a cloud instance type into a <see cref="NodeSpec"/>: its accelerators (catalog id from the GPU model and
/// memory), how they are wired (8 SXM GPUs with NVLink 3+ sit on NVSwitch; 8 V100 SXM2 form the DGX-1 cube-mesh;
/// PCIe parts and single-GPU instances have no scale-up fabric), and its network: the instance's published network
/// rate split evenly over one NIC per accelerator, with the provider's fabric as the link family (AWS EFA, GCP
/// GPUDirect-TCPX, Azure InfiniBand HDR) for the achievable fraction and latency.
/// </summary>
public static class CloudNode
{
    /// <summary>The node of an instance type; throws naming the field when the catalog cannot describe it.</summary>
    public static NodeSpec FromInstance(CloudInstanceSpec instance, HardwareCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        catalog ??= HardwareCatalog.Default;
        if (instance.AcceleratorId.Length == 0)
        {
            throw new TopologyException("cluster.cloud.instance", $"{instance.Instance}: GPU model '{instance.AcceleratorModel}' is not in the accelerator catalog");
        }

        AcceleratorSpec accelerator = catalog.Accelerator(instance.AcceleratorId);
        int count = Math.Max(1, instance.Accelerators);
        string scaleUpId = ScaleUpLinkOf(accelerator);
        ScaleUpFabric fabric = count == 1 || scaleUpId.Length == 0 ? ScaleUpFabric.PcieTree
            : scaleUpId == "nvlink-2" ? ScaleUpFabric.HybridCubeMesh
            : scaleUpId.StartsWith("tpu-ici", StringComparison.Ordinal) ? ScaleUpFabric.Torus
            : ScaleUpFabric.NvSwitch;
        LinkSpec? scaleUp = scaleUpId.Length > 0 ? catalog.Link(scaleUpId) : null;
        LinkSpec? nicLink = instance.Network is null ? null : catalog.Link(instance.Provider switch
        {
            "aws" => "efa-v2",
            "gcp" => "gcp-tcpx",
            _ => "ib-hdr",
        });
        int nics = instance.Network is null ? 0 : count;
        ByteRate nicRate = instance.Network is ByteRate net ? net / nics : ByteRate.Zero;
        int gen = accelerator.PcieGeneration is >= 3 and <= 6 ? accelerator.PcieGeneration : 4;
        return new NodeSpec(instance.Id, accelerator, count, fabric, scaleUp, accelerator.ScaleUpPerDirection, nics, nicLink, nicRate, catalog.Link($"pcie-{gen}"))
        {
            HostMemory = instance.HostMemory,
            HostCpu = instance.Vcpus > 0 ? $"{instance.Vcpus} vCPUs" : "",
            LocalStorage = instance.LocalStorage,
        };
    }

    /// <summary>Builds a cluster of <paramref name="instances"/> instances and its hourly price.</summary>
    public static (Cluster Cluster, CloudCost Cost) BuildCluster(CloudInstanceSpec instance, int instances, ScaleOutSpec? scaleOut = null, HardwareCatalog? catalog = null)
    {
        CloudCost cost = CloudCost.For(instance, instances);
        Cluster cluster = ClusterBuilder.Build(FromInstance(instance, catalog), instances, scaleOut, catalog);
        return (cluster, cost);
    }

    private static string ScaleUpLinkOf(AcceleratorSpec a) => a.ScaleUpLinkName switch
    {
        "NVLink 2.0" => "nvlink-2",
        "NVLink 3.0" => "nvlink-3",
        "NVLink 4.0" => "nvlink-4",
        _ when a.ScaleUpLinkName.StartsWith("NVLink 5.0", StringComparison.Ordinal) => "nvlink-5",
        _ when a.Id.StartsWith("tpu-", StringComparison.Ordinal) => "tpu-ici-" + a.Id[4..],
        _ => "",
    };
}
