namespace DeepScale.Hardware.Topology;

/// <summary>
/// Fewest-link routing between two vertices across the shared fabric (the vertices that belong to no node: leaf and
/// spine switches, storage networks), as <see cref="Router"/> routes the NIC-to-NIC leg of an inter-node transfer.
/// The breadth-first distances from a source are computed once and kept, so routing many pairs costs one search per
/// source instead of one per pair; a NIC whose only fabric neighbour is one forwarding switch shares that switch's
/// distances plus one link. Not thread-safe.
/// </summary>
/// <remarks>
/// The route is the one a breadth-first search from the source that may enter only fabric vertices and the target
/// would give, backtracked from the target with the same pick among equal-length parents. Such a search gives
/// every vertex closer than the target the same distance as a search that may not enter the target (a path through
/// the target is longer than the target's own distance), and the backtrack reads only distances below the target's,
/// so the kept distances give identical routes. A step of the backtrack lists the parent links of its vertex either
/// from the vertex's incoming links or, when cheaper, from the outgoing links of the vertices one link closer to the
/// source (a spine with thousands of leaves below it has one parent: the source's leaf); sorted by link id, both
/// lists are the same.
/// </remarks>
internal sealed class FabricRouter
{
    /// <summary>Distances kept at once, summed over sources, before the kept ones are dropped (bounds memory).</summary>
    private const long MaxKept = 1L << 25;

    private readonly TopologyGraph _graph;
    private readonly int[] _local;
    private readonly int[] _fabric;
    private readonly bool[] _forwards;
    private readonly int[] _adjacentStart;
    private readonly int[] _adjacent;
    private readonly int[] _queue;
    private readonly Dictionary<int, Source> _sources = [];
    private readonly List<int> _parents = new(64);
    private readonly Dictionary<int, int> _ports = [];
    private long _kept;

    public FabricRouter(TopologyGraph graph)
    {
        _graph = graph;
        int n = graph.Vertices.Length;
        _local = new int[n];
        List<int> fabric = [];
        for (int v = 0; v < n; v++)
        {
            _local[v] = graph.Vertices[v].Node < 0 ? fabric.Count : -1;
            if (_local[v] >= 0)
            {
                fabric.Add(v);
            }
        }

        _fabric = [.. fabric];
        int count = _fabric.Length;
        _forwards = new bool[count];
        _adjacentStart = new int[count + 1];
        List<int> adjacent = [];
        for (int i = 0; i < count; i++)
        {
            _forwards[i] = graph.Vertices[_fabric[i]].Forwards;
            foreach (int l in graph.Outgoing(new DeviceId(_fabric[i])))
            {
                int w = _local[graph.LinkTo[l]];
                if (w >= 0)
                {
                    adjacent.Add(w);
                }
            }

            _adjacentStart[i + 1] = adjacent.Count;
        }

        _adjacent = [.. adjacent];
        _queue = new int[count];
    }

    /// <summary>
    /// Appends to <paramref name="path"/> the fewest-link route from <paramref name="from"/> to
    /// <paramref name="to"/> through fabric vertices only; false when there is none. <paramref name="to"/> must not
    /// be a fabric vertex. Ties are split as <paramref name="routing"/> says: by <paramref name="hash"/> (ECMP), or by
    /// the digits of the destination's port on its leaf, in the radix of each step's choices from the destination up
    /// (D-mod-K).
    /// </summary>
    public bool TryRoute(int from, int to, List<int> path, int hash, FabricRouting routing = FabricRouting.Ecmp)
    {
        Source source = From(from);
        int target = -1;
        foreach (int l in _graph.Incoming(new DeviceId(to)))
        {
            int p = _graph.LinkFrom[l];
            int dp = Distance(source, p);
            if (dp >= 0 && (p == from || _graph.Vertices[p].Forwards) && (target < 0 || dp + 1 < target))
            {
                target = dp + 1;
            }
        }

        if (target < 0)
        {
            return false;
        }

        int start = path.Count;
        int current = to;
        uint h = (uint)hash * 2654435761u;
        bool modulo = routing == FabricRouting.DestinationModulo;
        uint digits = modulo ? (uint)PortOf(to) : 0;
        while (current != from)
        {
            int d = current == to ? target : Distance(source, current);
            List<int> parents = ParentLinks(source, current, d);
            int pick;
            if (modulo)
            {
                pick = (int)(digits % (uint)parents.Count);
                digits /= (uint)parents.Count;
            }
            else
            {
                pick = (int)((h >> 7) % (uint)parents.Count);
                h = (h * 2654435761u) + 0x9E3779B9u;
            }

            int link = parents[pick];
            path.Add(link);
            current = _graph.LinkFrom[link];
        }

        path.Reverse(start, path.Count - start);
        return true;
    }

    /// <summary>
    /// The position of <paramref name="vertex"/> among the ports of the first switch it hangs off (the switch's
    /// outgoing links to vertices outside the fabric, in link order): the index D-mod-K routing assigns it.
    /// </summary>
    private int PortOf(int vertex)
    {
        if (_ports.TryGetValue(vertex, out int port))
        {
            return port;
        }

        port = 0;
        foreach (int l in _graph.Incoming(new DeviceId(vertex)))
        {
            int sw = _graph.LinkFrom[l];
            if (_local[sw] < 0)
            {
                continue;
            }

            foreach (int down in _graph.Outgoing(new DeviceId(sw)))
            {
                int target = _graph.LinkTo[down];
                if (target == vertex)
                {
                    break;
                }

                if (_local[target] < 0)
                {
                    port++;
                }
            }

            break;
        }

        _ports[vertex] = port;
        return port;
    }

    /// <summary>
    /// The links into <paramref name="current"/> (at distance <paramref name="d"/>) from a vertex at distance d - 1
    /// that the route may leave (the source, or a forwarding vertex), in ascending link id (the order of
    /// <see cref="TopologyGraph.Incoming"/>).
    /// </summary>
    private List<int> ParentLinks(Source source, int current, int d)
    {
        List<int> parents = _parents;
        parents.Clear();
        ReadOnlySpan<int> incoming = _graph.Incoming(new DeviceId(current));
        int level = d - 1;
        int kept = level - source.Offset;
        long outgoing = level == 0 ? _graph.Outgoing(new DeviceId(source.Vertex)).Length : source.LevelLinks[kept];
        if (outgoing < incoming.Length)
        {
            if (level == 0)
            {
                AddLinks(source.Vertex, current, parents);
            }
            else
            {
                // Vertices at distance ≥ 1 are fabric vertices other than the source: they must forward.
                for (int i = source.LevelStart[kept]; i < source.LevelStart[kept + 1]; i++)
                {
                    int p = source.Order[i];
                    if (_forwards[p])
                    {
                        AddLinks(_fabric[p], current, parents);
                    }
                }
            }

            parents.Sort();
        }
        else
        {
            foreach (int l in incoming)
            {
                int p = _graph.LinkFrom[l];
                if (Distance(source, p) == level && (p == source.Vertex || _graph.Vertices[p].Forwards))
                {
                    parents.Add(l);
                }
            }
        }

        return parents;
    }

    /// <summary>Adds the links from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private void AddLinks(int from, int to, List<int> links)
    {
        foreach (int l in _graph.Outgoing(new DeviceId(from)))
        {
            if (_graph.LinkTo[l] == to)
            {
                links.Add(l);
            }
        }
    }

    /// <summary>Fewest links from the source to <paramref name="vertex"/> through fabric vertices: 0 for the source, -1 when unreachable or outside the fabric.</summary>
    private int Distance(Source source, int vertex)
    {
        if (vertex == source.Vertex)
        {
            return 0;
        }

        int local = _local[vertex];
        if (local < 0)
        {
            return -1;
        }

        int d = source.Distances[local];
        return d < 0 ? -1 : d + source.Offset;
    }

    private Source From(int vertex)
    {
        if (_sources.TryGetValue(vertex, out Source? known))
        {
            return known;
        }

        Source result;
        int single = SingleForwardingNeighbour(vertex);
        if (single >= 0)
        {
            Source hub = From(single);
            result = hub with { Vertex = vertex, Offset = hub.Offset + 1 };
        }
        else
        {
            result = Search(vertex);
            _kept += 2L * result.Distances.Length;
        }

        if (_kept > MaxKept)
        {
            _sources.Clear();
            _kept = 0;
        }

        _sources[vertex] = result;
        return result;
    }

    /// <summary>
    /// For a vertex outside the fabric whose fabric neighbours are all one forwarding vertex, that vertex (its
    /// distances plus one are the source's); otherwise -1.
    /// </summary>
    private int SingleForwardingNeighbour(int vertex)
    {
        if (_local[vertex] >= 0)
        {
            return -1;
        }

        int single = -1;
        foreach (int l in _graph.Outgoing(new DeviceId(vertex)))
        {
            int w = _graph.LinkTo[l];
            if (_local[w] < 0)
            {
                continue;
            }

            if (single >= 0 && single != w)
            {
                return -1;
            }

            single = w;
        }

        return single >= 0 && _forwards[_local[single]] ? single : -1;
    }

    /// <summary>
    /// Breadth-first search from <paramref name="vertex"/> over the fabric (the source is always left, other
    /// vertices only if they forward): distances, the vertices reached in order of distance, and where each
    /// distance starts in that order.
    /// </summary>
    private Source Search(int vertex)
    {
        int[] distance = new int[_forwards.Length];
        Array.Fill(distance, -1);
        int head = 0;
        int tail = 0;
        int source = _local[vertex];
        if (source >= 0)
        {
            distance[source] = 0;
            _queue[tail++] = source;
            head = 1;
            Expand(source, distance, ref tail);
        }
        else
        {
            foreach (int l in _graph.Outgoing(new DeviceId(vertex)))
            {
                int w = _local[_graph.LinkTo[l]];
                if (w >= 0 && distance[w] < 0)
                {
                    distance[w] = 1;
                    _queue[tail++] = w;
                }
            }
        }

        // Once every fabric vertex is reached, expanding the rest finds nothing new.
        while (head < tail && tail < _forwards.Length)
        {
            int v = _queue[head++];
            if (_forwards[v])
            {
                Expand(v, distance, ref tail);
            }
        }

        int[] order = _queue[..tail];
        int levels = tail == 0 ? 0 : distance[order[^1]] + 1;
        int[] levelStart = new int[levels + 1];
        long[] levelLinks = new long[levels];
        foreach (int v in order)
        {
            levelStart[distance[v] + 1]++;
            levelLinks[distance[v]] += _graph.Outgoing(new DeviceId(_fabric[v])).Length;
        }

        for (int k = 0; k < levels; k++)
        {
            levelStart[k + 1] += levelStart[k];
        }

        return new Source(vertex, 0, distance, order, levelStart, levelLinks);
    }

    private void Expand(int v, int[] distance, ref int tail)
    {
        int next = distance[v] + 1;
        for (int k = _adjacentStart[v]; k < _adjacentStart[v + 1]; k++)
        {
            int w = _adjacent[k];
            if (distance[w] < 0)
            {
                distance[w] = next;
                _queue[tail++] = w;
            }
        }
    }

    /// <summary>
    /// The kept search of one source: vertex i of the fabric is <c>Distances[i] + Offset</c> links away (-1:
    /// unreached); <c>Order</c> lists the reached fabric vertices by distance, level c (distance c + Offset) starting
    /// at <c>LevelStart[c]</c>, whose vertices have <c>LevelLinks[c]</c> outgoing links in all.
    /// </summary>
    private sealed record Source(int Vertex, int Offset, int[] Distances, int[] Order, int[] LevelStart, long[] LevelLinks);
}
