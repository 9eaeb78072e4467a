using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// The link usage of one lock-step round of a collective: the directed links its member streams cross (ascending
/// link index) and how many member streams cross each. Alone on the links, every member moves at
/// <see cref="Rate"/> = min over links of capacity / streams (the rate of a weighted bundle on the kernel's
/// fair-share network). Immutable; shared by reference between rounds with the same usage.
/// </summary>
internal sealed class FlowPattern
{
    public FlowPattern(int[] links, int[] streams, TopologyGraph graph)
    {
        Links = links;
        Streams = streams;
        double rate = double.PositiveInfinity;
        for (int i = 0; i < links.Length; i++)
        {
            rate = Math.Min(rate, graph.Links[links[i]].Capacity.BytesPerSecond / streams[i]);
        }

        Rate = rate;
    }

    /// <summary>Directed link indices, ascending.</summary>
    public int[] Links { get; }

    /// <summary>Member streams crossing each link of <see cref="Links"/>.</summary>
    public int[] Streams { get; }

    /// <summary>Bytes per second each member gets when nothing else shares the links.</summary>
    public double Rate { get; }

    /// <summary>True when no member crosses a link (all endpoints coincide).</summary>
    public bool IsEmpty => Links.Length == 0;
}
