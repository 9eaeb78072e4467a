using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// Wires the scale-out fabric: a two-level leaf/spine fat tree, either node-grouped (all NICs of a node on one
/// leaf, consecutive nodes sharing leaves) or rail-optimized (NIC <c>r</c> of the nodes of a group on rail leaf
/// <c>r</c>, as in the DGX SuperPOD). Each leaf has <c>leafDownlinks</c> NIC ports and
/// ceil(<c>leafDownlinks</c> / oversubscription) uplink ports, one to each spine, each at the NIC port rate.
/// </summary>
/// <remarks>
/// Two levels only: spines are not limited in radix, so very large clusters get one aggregated spine layer instead
/// of a third (core) level. Every network link carries the NIC link's achievable rate and port latency.
/// </remarks>
internal static class FabricBuilder
{
    /// <summary>Ports carry this fraction of their line rate over TCP sockets (<see cref="NetworkTransport.Sockets"/>).</summary>
    public const double SocketsFraction = 0.6;

    public static FabricSummary Wire(TopologyGraphBuilder g, NodeSpec node, NodeWiring[] nodes, ScaleOutTopology topology, int leafDownlinks,
        double oversubscription, NetworkTransport transport = NetworkTransport.Rdma)
    {
        LinkSpec link = node.NicLink!;
        ByteRate spec = node.NicRate;
        Duration latency = link.Latency ?? HopLatency.NetworkDefault;
        string assumed = link.Latency is null ? " (assumed: catalog has none for this generation)" : "";
        (ByteRate Rate, string Source) Port(double fraction, string why) =>
            (spec * fraction, $"{link.Id} port {spec} x {fraction:0.###} ({why}); latency {latency}{assumed}");

        (ByteRate port, string source) = Port(link.AchievableFraction, link.AchievableSource);

        // Over TCP sockets the hosts' network stacks, not the switches, limit a NIC's rate.
        (ByteRate nicPort, string nicSource) = transport == NetworkTransport.Sockets
            ? Port(SocketsFraction, "TCP sockets: NVIDIA/nccl issue #209, at most 60% of wire speed")
            : (port, source);
        int nics = node.NicsPerNode;

        int leafCount = topology == ScaleOutTopology.RailOptimized
            ? DivUp(nodes.Length, leafDownlinks) * nics
            : DivUp(nodes.Length * nics, leafDownlinks);
        DeviceId[] leaves = new DeviceId[leafCount];
        for (int i = 0; i < leafCount; i++)
        {
            leaves[i] = g.AddVertex(VertexKind.LeafSwitch, $"leaf{i}", -1, i, true);
        }

        foreach (NodeWiring w in nodes)
        {
            for (int r = 0; r < w.Nics.Length; r++)
            {
                int leaf = topology == ScaleOutTopology.RailOptimized
                    ? ((w.Node / leafDownlinks) * nics) + r
                    : ((w.Node * nics) + r) / leafDownlinks;
                g.AddDuplex(w.Nics[r], leaves[leaf], LinkKind.Network, nicPort, spec, latency, nicSource);
            }
        }

        int spineCount = 0;
        if (leafCount > 1)
        {
            spineCount = Math.Max(1, (int)Math.Ceiling(leafDownlinks / oversubscription));
            DeviceId[] spines = new DeviceId[spineCount];
            for (int s = 0; s < spineCount; s++)
            {
                spines[s] = g.AddVertex(VertexKind.SpineSwitch, $"spine{s}", -1, s, true);
            }

            foreach (DeviceId leaf in leaves)
            {
                foreach (DeviceId spine in spines)
                {
                    g.AddDuplex(leaf, spine, LinkKind.Network, port, spec, latency, source);
                }
            }
        }

        return new FabricSummary(topology, leafCount, spineCount, oversubscription, Transport: transport);
    }

    private static int DivUp(int a, int b) => (a + b - 1) / b;
}
