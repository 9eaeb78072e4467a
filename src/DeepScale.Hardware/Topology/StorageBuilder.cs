using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// Wires storage into the graph so a replay shares storage bandwidth like any link: every node's NVMe drive hangs
/// off socket 0; each shared tier sits behind its own storage network switch that every node reaches through its
/// own attachment link (so the tier's aggregate link and each node's attachment are the shared resources; two
/// tiers do not share a node's attachment).
/// </summary>
/// <remarks>
/// Defaults, all from <c>storage.csv</c> unless a <see cref="StorageTierSpec"/> value replaces them:
/// local NVMe per drive = sequential read/write of the catalog drive of the host's PCIe generation (Gen3 Crucial P3
/// 3500 MB/s, Gen4 Samsung 990 Pro 7450/6900 MB/s, Gen5 Crucial T700 12400/11800 MB/s) times the drive count of the
/// system row, latency 11 us (measured open of a small file on local NVMe). Lustre and GPFS aggregate 57.5 GB/s (the
/// catalog's one aggregate parallel-file-system figure: JeanZay GPFS, 2.3 TB checkpoint written in 40 s), Lustre
/// latency 2.3 ms (measured open of a small file). Object store: each node reads at 6.5 Gbit/s (the catalog's one
/// measurement: 64 ranged GETs from one m5zn instance, low confidence) and the store scales with clients (request
/// limits are per prefix). NFS has no catalog throughput, so its bandwidth must be given. A node's attachment to
/// shared storage defaults to one port of its scale-out link (DGX nodes carry separate storage NICs of that kind).
/// </remarks>
internal static class StorageBuilder
{
    private static readonly Duration s_nvmeLatency = Duration.FromMicroseconds(11);
    private static readonly Duration s_lustreLatency = Duration.FromMicroseconds(2300);

    public static ImmutableArray<StorageTier> Wire(TopologyGraphBuilder g, NodeSpec node, NodeWiring[] nodes, ImmutableArray<StorageTierSpec> tiers, HardwareCatalog catalog)
    {
        ImmutableArray<StorageTier>.Builder result = ImmutableArray.CreateBuilder<StorageTier>();
        StorageTierSpec? local = tiers.FirstOrDefault(t => t.Kind == StorageTierKind.LocalNvme);
        (ByteRate read, ByteRate write, string driveSource) = LocalDrive(node, catalog);
        ByteRate nvmeRead = local?.ReadBandwidth ?? read;
        ByteRate nvmeWrite = local?.ReadBandwidth is ByteRate r ? r * (write / read) : write;
        Duration nvmeLatency = local?.Latency ?? s_nvmeLatency;
        foreach (NodeWiring w in nodes)
        {
            g.AddLink(w.LocalNvme, w.Sockets[0], LinkKind.StorageIo, nvmeRead, nvmeRead, nvmeLatency, driveSource + " (read)");
            g.AddLink(w.Sockets[0], w.LocalNvme, LinkKind.StorageIo, nvmeWrite, nvmeWrite, nvmeLatency, driveSource + " (write)");
        }

        result.Add(new StorageTier(StorageTierKind.LocalNvme, nodes[0].LocalNvme, nvmeRead, nvmeRead, nvmeLatency, driveSource));

        for (int i = 0; i < tiers.Length; i++)
        {
            StorageTierSpec t = tiers[i];
            if (t.Kind == StorageTierKind.LocalNvme)
            {
                continue;
            }

            string field = $"cluster.storage[{i.ToString(CultureInfo.InvariantCulture)}]";
            ByteRate perNode = t.PerNodeBandwidth
                ?? (t.Kind == StorageTierKind.ObjectStore ? ByteRate.FromGigabitsPerSecond(6.5)
                : node.NicLink is not null && node.NicRate.BytesPerSecond > 0 ? node.NicRate * node.NicLink.AchievableFraction
                : throw new TopologyException(field + ".per_node_bandwidth", $"required: {node.Name} has no scale-out NIC to infer a storage attachment from"));
            (ByteRate aggregate, Duration latency, string source) = t.Kind switch
            {
                StorageTierKind.Lustre => (t.ReadBandwidth ?? ByteRate.FromGBps(57.5), t.Latency ?? s_lustreLatency,
                    "aggregate 57.5 GB/s (storage.csv JeanZay GPFS 2.3 TB in 40 s); latency 2.3 ms (storage.csv Lustre open)"),
                StorageTierKind.Gpfs => (t.ReadBandwidth ?? ByteRate.FromGBps(57.5), t.Latency ?? Duration.Zero,
                    "aggregate 57.5 GB/s (storage.csv JeanZay GPFS 2.3 TB in 40 s); no GPFS latency in the catalog"),
                StorageTierKind.Nfs => (t.ReadBandwidth ?? throw new TopologyException(field + ".read_bandwidth", "required for nfs: the catalog has no NFS throughput"),
                    t.Latency ?? Duration.Zero, "given in the spec"),
                _ => (t.ReadBandwidth ?? perNode * nodes.Length, t.Latency ?? Duration.Zero,
                    "per node 6.5 Gbit/s (storage.csv S3 from one m5zn, low confidence); scales with clients; no latency in the catalog"),
            };
            if (aggregate.BytesPerSecond <= 0 || perNode.BytesPerSecond <= 0)
            {
                throw new TopologyException(field + ".read_bandwidth", "bandwidths must be positive");
            }

            string name = t.Kind.ToString().ToLowerInvariant();
            DeviceId network = g.AddVertex(VertexKind.StorageSwitch, name + "-net", -1, result.Count, true);
            foreach (NodeWiring w in nodes)
            {
                g.AddDuplex(w.Sockets[0], network, LinkKind.StorageIo, perNode, perNode, Duration.Zero,
                    $"node attachment to {name}: {perNode}");
            }

            DeviceId target = g.AddVertex(VertexKind.Storage, name, -1, result.Count, false);
            g.AddDuplex(target, network, LinkKind.StorageIo, aggregate, aggregate, latency, $"{name}: {source}");
            result.Add(new StorageTier(t.Kind, target, aggregate, perNode, latency, source));
        }

        return result.ToImmutable();
    }

    private static (ByteRate Read, ByteRate Write, string Source) LocalDrive(NodeSpec node, HardwareCatalog catalog)
    {
        string product = node.Pcie.Id switch
        {
            "pcie-3" => "crucial-p3-2tb",
            "pcie-5" or "pcie-6" => "crucial-t700-2tb",
            _ => "samsung-990-pro-2tb",
        };
        StorageSpec drive = catalog.StorageProduct(product);
        ByteRate read = drive.RateOf("sequential_read");
        ByteRate write = drive.Metric("sequential_write")?.Rate ?? read;
        int drives = Math.Max(1, node.LocalDrives);
        return (read * drives, write * drives, $"{drives} x {product} ({drive.ClassText}) sequential read {read}");
    }
}
