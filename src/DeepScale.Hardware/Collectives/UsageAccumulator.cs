using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// Counts member streams per directed link while flows or whole patterns are added and removed, without
/// dictionaries: a dense counter per link of the graph and the list of links touched. Reusable after
/// <see cref="Clear"/>; not thread-safe.
/// </summary>
internal sealed class UsageAccumulator(TopologyGraph graph)
{
    private readonly int[] _streams = new int[graph.Links.Length];
    private readonly bool[] _listed = new bool[graph.Links.Length];
    private readonly List<int> _touched = [];

    public TopologyGraph Graph => graph;

    /// <summary>Adds <paramref name="count"/> streams along a route (negative removes them).</summary>
    public void Add(Route route, int count = 1)
    {
        foreach (LinkId l in route.Links)
        {
            Touch(l.Index, count);
        }
    }

    /// <summary>Adds every stream of a pattern, times <paramref name="sign"/> (1 adds, -1 removes).</summary>
    public void Add(FlowPattern pattern, int sign = 1)
    {
        for (int i = 0; i < pattern.Links.Length; i++)
        {
            Touch(pattern.Links[i], sign * pattern.Streams[i]);
        }
    }

    /// <summary>The pattern of the streams counted now.</summary>
    public FlowPattern ToPattern()
    {
        _touched.Sort();
        int count = 0;
        foreach (int l in _touched)
        {
            if (_streams[l] > 0)
            {
                count++;
            }
        }

        int[] links = new int[count];
        int[] streams = new int[count];
        int k = 0;
        foreach (int l in _touched)
        {
            if (_streams[l] > 0)
            {
                links[k] = l;
                streams[k++] = _streams[l];
            }
        }

        return new FlowPattern(links, streams, graph);
    }

    /// <summary>Resets every counter to zero.</summary>
    public void Clear()
    {
        foreach (int l in _touched)
        {
            _streams[l] = 0;
            _listed[l] = false;
        }

        _touched.Clear();
    }

    private void Touch(int link, int count)
    {
        if (!_listed[link])
        {
            _listed[link] = true;
            _touched.Add(link);
        }

        _streams[link] += count;
        if (_streams[link] < 0)
        {
            throw new InvalidOperationException($"link {link}: more streams removed than added");
        }
    }
}
