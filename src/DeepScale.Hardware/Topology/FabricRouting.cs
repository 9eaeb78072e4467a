namespace DeepScale.Hardware.Topology;

/// <summary>How the switches of a scale-out fabric choose among equal-cost paths (the spines of a leaf/spine fat tree).</summary>
public enum FabricRouting
{
    /// <summary>
    /// Per-flow hashing of the endpoints (equal-cost multipath, RFC 2992), as Ethernet and RoCE switches do: flows
    /// between different pairs may land on the same uplink and share it while other uplinks idle.
    /// </summary>
    Ecmp,

    /// <summary>
    /// Destination-modulo-k routing (D-mod-K), the static routing InfiniBand subnet managers compute for fat trees
    /// (OpenSM's ftree engine): the path to a destination is fixed by the destination's index, digit by digit in the
    /// radix of each level's choices. Zahavi (2010, "D-Mod-K Routing Providing Non-Blocking Traffic for Shift
    /// Permutations on Real Life Fat Trees") shows that shift permutations, the traffic of ring collectives between
    /// consecutive nodes, then never share a link.
    /// </summary>
    DestinationModulo,
}
