using System.Collections.Immutable;

using DeepScale.Core.Units;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// Shortest-path routing (fewest links) over a <see cref="TopologyGraph"/>. Routes pass only through forwarding
/// vertices (switches, host bridges, NICs, TPU chips), never through a GPU. Between nodes a route is composed as
/// GPU → its nearest NIC inside the node, NIC → NIC through the switch fabric, NIC → GPU inside the node, so each
/// search only visits one node or the fabric. Equal-length alternatives (several spines, several NICs) are split
/// deterministically by a hash of the endpoints, as ECMP does. Not thread-safe on its own; <see cref="Cluster"/>
/// serializes calls.
/// </summary>
public sealed class Router
{
    private readonly TopologyGraph _graph;
    private readonly int[] _distance;
    private readonly int[] _stamp;
    private readonly int[] _queue;
    private readonly int[] _nearestNic;
    private readonly bool _composeThroughNics;
    private int _generation;

    /// <summary>Creates a router; <paramref name="composeThroughNics"/> enables the GPU→NIC→fabric→NIC→GPU decomposition.</summary>
    public Router(TopologyGraph graph, bool composeThroughNics)
    {
        _graph = graph;
        int n = graph.Vertices.Length;
        _distance = new int[n];
        _stamp = new int[n];
        _queue = new int[n];
        _nearestNic = new int[n];
        Array.Fill(_nearestNic, -2);
        _composeThroughNics = composeThroughNics;
    }

    /// <summary>The route from <paramref name="from"/> to <paramref name="to"/>; throws when they are not connected.</summary>
    public Route Find(DeviceId from, DeviceId to)
    {
        if (from == to)
        {
            return new Route(from, to, [], Duration.Zero, new ByteRate(double.PositiveInfinity));
        }

        Vertex a = _graph[from];
        Vertex b = _graph[to];
        List<int> links = new(8);
        bool found;
        if (a.Node >= 0 && a.Node == b.Node)
        {
            found = Search(from, to, v => v.Node == a.Node, links);
        }
        else if (_composeThroughNics && a.Node >= 0 && b.Node >= 0 && a.Kind == VertexKind.Accelerator && b.Kind == VertexKind.Accelerator
            && NearestNic(from) is int nicA && nicA >= 0 && NearestNic(to) is int nicB && nicB >= 0)
        {
            found = Search(from, new DeviceId(nicA), v => v.Node == a.Node, links)
                && Search(new DeviceId(nicA), new DeviceId(nicB), v => v.Node < 0, links, from.Index * 31 + to.Index)
                && Search(new DeviceId(nicB), to, v => v.Node == b.Node, links);
        }
        else
        {
            found = false;
        }

        if (!found)
        {
            // Storage switches only carry storage traffic: a route between two compute vertices never detours
            // through a storage network.
            bool storage = a.Kind == VertexKind.Storage || b.Kind == VertexKind.Storage;
            links.Clear();
            found = Search(from, to, v => storage || v.Kind != VertexKind.StorageSwitch, links, from.Index * 31 + to.Index);
        }

        return found
            ? Build(from, to, links)
            : throw new TopologyException("topology", $"no route from {a.Name} to {b.Name}: the graph is disconnected");
    }

    private Route Build(DeviceId from, DeviceId to, List<int> links)
    {
        long latency = 0;
        double bottleneck = double.PositiveInfinity;
        ImmutableArray<LinkId>.Builder ids = ImmutableArray.CreateBuilder<LinkId>(links.Count);
        foreach (int l in links)
        {
            DirectedLink link = _graph.Links[l];
            latency += link.Latency.Ticks;
            bottleneck = Math.Min(bottleneck, link.Capacity.BytesPerSecond);
            ids.Add(link.Id);
        }

        return new Route(from, to, ids.MoveToImmutable(), new Duration(latency), new ByteRate(bottleneck));
    }

    /// <summary>The NIC of the accelerator's node with the fewest links to it (ties: same local index, then lowest).</summary>
    private int NearestNic(DeviceId gpu)
    {
        if (_nearestNic[gpu.Index] != -2)
        {
            return _nearestNic[gpu.Index];
        }

        Vertex g = _graph[gpu];
        Distances(gpu, v => v.Node == g.Node);
        int best = -1;
        int bestDistance = int.MaxValue;
        bool bestSameIndex = false;
        foreach (Vertex v in _graph.Vertices)
        {
            if (v.Kind != VertexKind.Nic || v.Node != g.Node || _stamp[v.Id.Index] != _generation)
            {
                continue;
            }

            int d = _distance[v.Id.Index];
            bool sameIndex = v.LocalIndex == g.LocalIndex;
            if (d < bestDistance || (d == bestDistance && sameIndex && !bestSameIndex))
            {
                best = v.Id.Index;
                bestDistance = d;
                bestSameIndex = sameIndex;
            }
        }

        _nearestNic[gpu.Index] = best;
        return best;
    }

    private void Distances(DeviceId source, Func<Vertex, bool> allowed)
    {
        _generation++;
        int head = 0;
        int tail = 0;
        _queue[tail++] = source.Index;
        _stamp[source.Index] = _generation;
        _distance[source.Index] = 0;
        while (head < tail)
        {
            int v = _queue[head++];
            if (v != source.Index && !_graph.Vertices[v].Forwards)
            {
                continue;
            }

            foreach (int l in _graph.Outgoing(new DeviceId(v)))
            {
                int w = _graph.Links[l].To.Index;
                if (_stamp[w] == _generation || !allowed(_graph.Vertices[w]))
                {
                    continue;
                }

                _stamp[w] = _generation;
                _distance[w] = _distance[v] + 1;
                _queue[tail++] = w;
            }
        }
    }

    private bool Search(DeviceId from, DeviceId to, Func<Vertex, bool> allowed, List<int> path, int hash = 0)
    {
        Distances(from, v => v.Id == to || allowed(v));
        if (_stamp[to.Index] != _generation)
        {
            return false;
        }

        int start = path.Count;
        int current = to.Index;
        uint h = (uint)hash * 2654435761u;
        while (current != from.Index)
        {
            int d = _distance[current];
            int count = 0;
            foreach (int l in _graph.Incoming(new DeviceId(current)))
            {
                int p = _graph.Links[l].From.Index;
                if (IsParent(p, d, from.Index))
                {
                    count++;
                }
            }

            int pick = (int)((h >> 7) % (uint)count);
            h = (h * 2654435761u) + 0x9E3779B9u;
            foreach (int l in _graph.Incoming(new DeviceId(current)))
            {
                int p = _graph.Links[l].From.Index;
                if (IsParent(p, d, from.Index) && pick-- == 0)
                {
                    path.Add(l);
                    current = p;
                    break;
                }
            }
        }

        path.Reverse(start, path.Count - start);
        return true;
    }

    private bool IsParent(int p, int d, int source) =>
        _stamp[p] == _generation && _distance[p] == d - 1 && (p == source || _graph.Vertices[p].Forwards);
}
