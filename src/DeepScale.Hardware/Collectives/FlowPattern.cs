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
        double[] capacity = graph.Capacities;
        double rate = double.PositiveInfinity;
        for (int i = 0; i < links.Length; i++)
        {
            rate = Math.Min(rate, capacity[links[i]] / streams[i]);
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

    /// <summary>
    /// The usage of the streams of <paramref name="a"/> plus (<paramref name="sign"/> = 1) or minus (-1) those of
    /// <paramref name="b"/>: per link the stream counts summed, links left with none dropped. One merge of the two
    /// ascending link lists; the same pattern a <see cref="UsageAccumulator"/> builds from the same streams.
    /// </summary>
    public static FlowPattern Combine(FlowPattern a, FlowPattern b, int sign, TopologyGraph graph)
    {
        int count = Merge(a, b, sign, null, null);
        int[] links = new int[count];
        int[] streams = new int[count];
        Merge(a, b, sign, links, streams);
        return new FlowPattern(links, streams, graph);
    }

    /// <summary>
    /// Walks the union of both ascending link lists and counts the links whose summed stream count is positive,
    /// writing them to <paramref name="links"/> and <paramref name="streams"/> when given.
    /// </summary>
    private static int Merge(FlowPattern a, FlowPattern b, int sign, int[]? links, int[]? streams)
    {
        int[] al = a.Links;
        int[] bl = b.Links;
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < al.Length || j < bl.Length)
        {
            int link;
            int count;
            if (j == bl.Length || (i < al.Length && al[i] < bl[j]))
            {
                link = al[i];
                count = a.Streams[i++];
            }
            else if (i == al.Length || bl[j] < al[i])
            {
                link = bl[j];
                count = sign * b.Streams[j++];
            }
            else
            {
                link = al[i];
                count = a.Streams[i++] + (sign * b.Streams[j++]);
            }

            if (count < 0)
            {
                throw new InvalidOperationException($"link {link}: more streams removed than added");
            }

            if (count > 0)
            {
                if (links is not null && streams is not null)
                {
                    links[k] = link;
                    streams[k] = count;
                }

                k++;
            }
        }

        return k;
    }
}
