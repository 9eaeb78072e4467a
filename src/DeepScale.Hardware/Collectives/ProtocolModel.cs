using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// NCCL's protocol refinements of a group: the fraction of the Simple bandwidth each protocol reaches (as a wire-byte
/// inflation in the step list) and the per-hop latency of each hop class, with NCCL's multi-node adjustments
/// (net overhead floor, ring plateau). Shared by the analytical costs and the step builders so both describe the
/// same algorithm.
/// </summary>
internal sealed class ProtocolModel(GroupProfile group, CollectiveOp op, bool tree, NcclProtocol protocol)
{
    public NcclProtocol Protocol => protocol;

    public bool Tree => tree;

    /// <summary>True when NCCL would allow the protocol here (LL128 only with NVLink inside, pre-Blackwell).</summary>
    public bool Enabled => protocol != NcclProtocol.LL128
        || NcclTuning.Ll128Enabled(group.Generation, group.NvlinkInside, group.Blackwell);

    /// <summary>Ring all-reduce with Simple across nodes pays NCCL's plateau factor on its latency.</summary>
    private double Plateau => !tree && protocol == NcclProtocol.Simple && op == CollectiveOp.AllReduce && group.Nodes > 1
        ? NcclTuning.RingPlateau(group.Generation)
        : 1.0;

    /// <summary>Fraction of <paramref name="simple"/> (all channels together) that the protocol sustains.</summary>
    public double Efficiency(ByteRate simple)
    {
        double b = simple.GBps;
        if (b <= 0 || !double.IsFinite(b))
        {
            return 1.0;
        }

        int channels = group.Channels;
        double llMax = NcclTuning.LlMax(group.Generation, group.Nodes, group.AmdHost);
        double ppn = group.N / (double)group.Nodes;
        if (!tree)
        {
            return protocol switch
            {
                NcclProtocol.LL => Math.Min(llMax, b * (group.Nodes > 1 || op == CollectiveOp.AllReduce ? 1.0 / 4.0 : 1.0 / 3.0)) / b,
                NcclProtocol.LL128 => Math.Min(b * (ppn < 2 ? 0.7 : 0.92), channels * NcclTuning.RingLl128PerChannel(group.Generation)) / b,
                _ => 1.0,
            };
        }

        double treeBw = Math.Min(b * 0.92, channels * NcclTuning.TreePerChannel(group.Generation, group.Nodes));
        return protocol switch
        {
            NcclProtocol.LL => Math.Min(treeBw / 3.8, llMax) / b,
            NcclProtocol.LL128 => Math.Min(treeBw * (group.Nodes == 1 ? 7.0 / 9.0 : 120.0 / 128.0),
                channels * NcclTuning.TreeLl128PerChannel(group.Generation, group.Nodes)) / b,
            _ => treeBw / b,
        };
    }

    /// <summary>Fixed latency at the start: launch plus NCCL's base latency (with the plateau factor).</summary>
    public Duration StartDelay => NcclTuning.LaunchOverhead + (NcclTuning.BaseLatency(tree, protocol) * Plateau);

    /// <summary>Latency of one hop of a class, with NCCL's inter-node floor on intra-node hops and the plateau factor.</summary>
    public Duration Hop(HopClass hop)
    {
        Duration a = NcclTuning.HopLatency(hop, tree, protocol);
        if (!tree && group.Nodes > 1 && hop != HopClass.Network)
        {
            a = Duration.Max(a, NcclTuning.NetOverhead(group.AmdHost, protocol));
        }

        return a * Plateau;
    }
}
