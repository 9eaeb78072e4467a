using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// Wires the inside of one node: the scale-up fabric (NVSwitch, hybrid cube-mesh, full mesh or none) and the PCIe
/// tree that joins accelerators and NICs to the host sockets.
/// </summary>
/// <remarks>
/// PCIe layout: one PCIe switch per two accelerators, switches split evenly over the sockets, NIC j on switch
/// j·switches/NICs, the NVMe drive on socket 0 (the DGX A100/H100 layout of two GPUs and their NICs per switch;
/// nodes whose CPU is listed as "2x ..." have two sockets). Inter-socket bandwidth is NCCL's per-CPU-family model
/// (NVIDIA/nccl src/graph/topo.h: BDW_QPI_BW 6, SKL_QPI_BW 10, SRP_QPI_BW 22, ERP_QPI_BW 40, AMD_ZEN12_BW 16,
/// AMD_ZEN34_BW 24 GB/s).
/// </remarks>
internal static class NodeBuilder
{
    // DGX-1 (V100) NVLink pairs and link counts: 16 pairs = the 12 cube edges plus two diagonals on each of two faces
    // (systems.csv: "all 12 edges NVLink (some doubled) plus diagonals on two faces"); multiplicities chosen so every
    // GPU has exactly the six NVLink 2.0 ports of a V100 (accelerators.csv, intra_node_links_per_chip 6). A chip with
    // four ports (P100, NVLink 1.0: interconnects.csv 4 links) has one link per pair: each GPU reaches the three others
    // of its quad and its counterpart in the other quad, 4 links.
    private const int CubeMeshPortsDoubled = 6;
    private static readonly (int A, int B, int Links)[] s_cubeMesh =
    [
        (0, 1, 1), (0, 2, 1), (0, 3, 2), (0, 4, 2), (1, 2, 2), (1, 3, 1), (1, 5, 2), (2, 3, 2),
        (2, 6, 1), (3, 7, 1), (4, 5, 1), (4, 6, 1), (4, 7, 2), (5, 6, 2), (5, 7, 1), (6, 7, 2),
    ];

    public static NodeWiring Wire(TopologyGraphBuilder g, NodeSpec node, int n, ReadOnlySpan<DeviceId> gpus, bool withNics)
    {
        int count = gpus.Length;
        DeviceId? nvSwitch = WireScaleUp(g, node, n, gpus);

        bool torus = node.Fabric == ScaleUpFabric.Torus;
        int sockets = torus ? 1 : node.HostCpu.StartsWith("2x", StringComparison.Ordinal) ? 2 : 1;
        ImmutableArray<DeviceId>.Builder socketIds = ImmutableArray.CreateBuilder<DeviceId>(sockets);
        for (int s = 0; s < sockets; s++)
        {
            socketIds.Add(g.AddVertex(VertexKind.HostCpu, $"n{n}.cpu{s}", n, s, true));
        }

        if (sockets == 2)
        {
            (ByteRate qpi, string source) = InterSocket(node.HostCpu);
            g.AddDuplex(socketIds[0], socketIds[1], LinkKind.InterSocket, qpi, qpi, HopLatency.PcieLink, source);
        }

        ByteRate pcieSpec = node.Pcie.TotalPerDirection;
        ByteRate pcie = pcieSpec * node.Pcie.AchievableFraction;
        string pcieSource = $"{node.Pcie.Id} x16 {pcieSpec} per direction x {node.Pcie.AchievableFraction:0.###} ({node.Pcie.AchievableSource})";
        ImmutableArray<DeviceId>.Builder switches = ImmutableArray.CreateBuilder<DeviceId>();
        ImmutableArray<DeviceId>.Builder nics = ImmutableArray.CreateBuilder<DeviceId>();
        if (torus)
        {
            // TPU hosts: each chip talks to its host over PCIe at about 1.5e10 B/s (interconnects.csv, TPU DCN row
            // notes, citing scaling-book: "host PCIe ~1.5e10 B/s per chip").
            ByteRate host = ByteRate.FromGBps(15);
            foreach (DeviceId chip in gpus)
            {
                g.AddDuplex(chip, socketIds[0], LinkKind.Pcie, host, host, HopLatency.PcieLink, "tpu-dcn notes: host PCIe ~1.5e10 B/s per chip");
            }
        }
        else
        {
            int switchCount = Math.Max(1, (count + 1) / 2);
            for (int k = 0; k < switchCount; k++)
            {
                DeviceId sw = g.AddVertex(VertexKind.PcieSwitch, $"n{n}.pcie{k}", n, k, true);
                switches.Add(sw);
                g.AddDuplex(sw, socketIds[k * sockets / switchCount], LinkKind.Pcie, pcie, pcieSpec, HopLatency.PcieLink, pcieSource);
            }

            for (int i = 0; i < count; i++)
            {
                g.AddDuplex(gpus[i], switches[i * switchCount / count], LinkKind.Pcie, pcie, pcieSpec, HopLatency.PcieLink, pcieSource);
            }

            if (withNics)
            {
                for (int j = 0; j < node.NicsPerNode; j++)
                {
                    DeviceId nic = g.AddVertex(VertexKind.Nic, $"n{n}.nic{j}", n, j, true);
                    nics.Add(nic);
                    g.AddDuplex(nic, switches[j * switchCount / node.NicsPerNode], LinkKind.Pcie, pcie, pcieSpec, HopLatency.PcieLink, pcieSource);
                }
            }
        }

        DeviceId nvme = g.AddVertex(VertexKind.Storage, $"n{n}.nvme", n, 0, false);
        return new NodeWiring(n, [.. gpus], socketIds.MoveToImmutable(), switches.ToImmutable(), nics.ToImmutable(), nvSwitch, nvme);
    }

    private static DeviceId? WireScaleUp(TopologyGraphBuilder g, NodeSpec node, int n, ReadOnlySpan<DeviceId> gpus)
    {
        LinkSpec? link = node.ScaleUpLink;
        double fraction = link?.AchievableFraction ?? 1.0;
        string source = link is null ? "" : $"{link.Id}: {link.AchievableSource}";
        switch (node.Fabric)
        {
            case ScaleUpFabric.NvSwitch:
                {
                    DeviceId nvs = g.AddVertex(VertexKind.NvSwitch, $"n{n}.nvswitch", n, 0, true);
                    ByteRate spec = node.PerAcceleratorScaleUp;
                    foreach (DeviceId gpu in gpus)
                    {
                        g.AddDuplex(gpu, nvs, LinkKind.NvLink, spec * fraction, spec, HopLatency.NvSwitchPort,
                            $"{node.Name} per-GPU scale-up {spec} per direction x {fraction:0.###} ({source})");
                    }

                    return nvs;
                }

            case ScaleUpFabric.HybridCubeMesh:
                {
                    ByteRate perLink = link?.PerLinkPerDirection ?? ByteRate.Zero;
                    bool doubled = link is null || link.Links == 0 || link.Links >= CubeMeshPortsDoubled;
                    foreach ((int a, int b, int pairLinks) in s_cubeMesh)
                    {
                        if (a < gpus.Length && b < gpus.Length)
                        {
                            int links = doubled ? pairLinks : 1;
                            ByteRate spec = perLink * links;
                            g.AddDuplex(gpus[a], gpus[b], LinkKind.NvLink, spec * fraction, spec, HopLatency.DirectLink,
                                $"DGX-1 cube-mesh: {links} x {perLink} per direction x {fraction:0.###} ({source})");
                        }
                    }

                    return null;
                }

            case ScaleUpFabric.FullMesh:
                {
                    ByteRate perPeer = link is { PerLinkPerDirection.BytesPerSecond: > 0 } && link.Links == gpus.Length - 1
                        ? link.PerLinkPerDirection
                        : node.PerAcceleratorScaleUp / Math.Max(1, gpus.Length - 1);
                    for (int a = 0; a < gpus.Length; a++)
                    {
                        for (int b = a + 1; b < gpus.Length; b++)
                        {
                            g.AddDuplex(gpus[a], gpus[b], LinkKind.DirectScaleUp, perPeer * fraction, perPeer, HopLatency.DirectLink,
                                $"full mesh: {perPeer} per peer per direction x {fraction:0.###} ({source})");
                        }
                    }

                    return null;
                }

            default:
                return null;
        }
    }

    private static (ByteRate Rate, string Source) InterSocket(string cpu)
    {
        (double gbps, string name) = cpu switch
        {
            _ when cpu.Contains("EPYC 9", StringComparison.Ordinal) => (24.0, "AMD_ZEN34_BW"),
            _ when cpu.Contains("EPYC", StringComparison.Ordinal) => (16.0, "AMD_ZEN12_BW"),
            _ when cpu.Contains("E5", StringComparison.Ordinal) => (6.0, "BDW_QPI_BW"),
            _ when cpu.Contains("Sapphire", StringComparison.Ordinal) || cpu.Contains("8480", StringComparison.Ordinal) => (22.0, "SRP_QPI_BW"),
            _ when cpu.Contains("8570", StringComparison.Ordinal) => (40.0, "ERP_QPI_BW"),
            _ => (10.0, "SKL_QPI_BW"),
        };
        return (ByteRate.FromGBps(gbps), $"NCCL topo.h {name} {gbps} GB/s for '{cpu}'");
    }
}
