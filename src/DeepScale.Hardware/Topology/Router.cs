using System.Collections.Immutable;

using DeepScale.Core.Units;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// Shortest-path routing (fewest links) over a <see cref="TopologyGraph"/>. Routes pass only through forwarding
/// vertices (switches, host bridges, NICs, TPU chips), never through a GPU. Between nodes a route is composed as
/// GPU → its nearest NIC inside the node, NIC → NIC through the switch fabric, NIC → GPU inside the node, so each
/// search only visits one node or the fabric; the fabric leg keeps each source's distances across calls
/// (<see cref="FabricRouter"/>), so routing every pair of a large ring or tree costs one fabric search per source
/// switch rather than one per pair. Equal-length alternatives (several spines, several NICs) are split
/// deterministically by a hash of the endpoints, as ECMP does, or, on the fabric leg between two nodes' NICs with
/// <see cref="FabricRouting.DestinationModulo"/>, by the destination NIC's port on its leaf (D-mod-K). Not thread-safe on
/// its own; <see cref="Cluster"/> serializes calls.
/// </summary>
public sealed class Router
{
    private readonly TopologyGraph _graph;
    private readonly int[] _distance;
    private readonly int[] _stamp;
    private readonly int[] _queue;
    private readonly int[] _nearestNic;
    private readonly int[] _nodeOf;
    private readonly bool[] _forwards;
    private readonly bool[] _storageSwitch;
    private readonly bool _composeThroughNics;
    private readonly FabricRouting _routing;
    private FabricRouter? _fabric;
    private int _generation;

    /// <summary>
    /// Creates a router; <paramref name="composeThroughNics"/> enables the GPU→NIC→fabric→NIC→GPU decomposition,
    /// whose fabric leg <paramref name="routing"/> spreads over equal-cost paths.
    /// </summary>
    public Router(TopologyGraph graph, bool composeThroughNics, FabricRouting routing = FabricRouting.Ecmp)
    {
        _routing = routing;
        _graph = graph;
        int n = graph.Vertices.Length;
        _distance = new int[n];
        _stamp = new int[n];
        _queue = new int[n];
        _nearestNic = new int[n];
        Array.Fill(_nearestNic, -2);
        _nodeOf = new int[n];
        _forwards = new bool[n];
        _storageSwitch = new bool[n];
        for (int v = 0; v < n; v++)
        {
            Vertex vertex = graph.Vertices[v];
            _nodeOf[v] = vertex.Node;
            _forwards[v] = vertex.Forwards;
            _storageSwitch[v] = vertex.Kind == VertexKind.StorageSwitch;
        }

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
            found = Search(from, to, Scope.InNode(a.Node), links);
        }
        else if (_composeThroughNics && a.Node >= 0 && b.Node >= 0 && a.Kind == VertexKind.Accelerator && b.Kind == VertexKind.Accelerator
            && NearestNic(from) is int nicA && nicA >= 0 && NearestNic(to) is int nicB && nicB >= 0)
        {
            found = Search(from, new DeviceId(nicA), Scope.InNode(a.Node), links)
                && (_fabric ??= new FabricRouter(_graph)).TryRoute(nicA, nicB, links, (from.Index * 31) + to.Index, _routing)
                && Search(new DeviceId(nicB), to, Scope.InNode(b.Node), links);
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
            found = Search(from, to, Scope.Anywhere(storage), links, from.Index * 31 + to.Index);
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

    /// <summary>
    /// The NIC of the accelerator's node with the fewest links to it: the one with the accelerator's local index if it
    /// is among the nearest, else the nearest ones in id order taken round-robin by the accelerator's local index, so
    /// that the accelerators behind one PCIe switch spread over that switch's NICs instead of sharing the first.
    /// </summary>
    private int NearestNic(DeviceId gpu)
    {
        if (_nearestNic[gpu.Index] != -2)
        {
            return _nearestNic[gpu.Index];
        }

        Vertex g = _graph[gpu];
        int reached = Distances(gpu.Index, Scope.InNode(g.Node), -1);

        // The vertices the search reached, in id order.
        int[] visited = _queue[..reached];
        Array.Sort(visited);
        var nearest = new List<int>();
        int bestDistance = int.MaxValue;
        int sameIndex = -1;
        foreach (int index in visited)
        {
            Vertex v = _graph.Vertices[index];
            if (v.Kind != VertexKind.Nic || v.Node != g.Node)
            {
                continue;
            }

            int d = _distance[v.Id.Index];
            if (d < bestDistance)
            {
                nearest.Clear();
                bestDistance = d;
                sameIndex = -1;
            }

            if (d == bestDistance)
            {
                nearest.Add(v.Id.Index);
                sameIndex = v.LocalIndex == g.LocalIndex ? v.Id.Index : sameIndex;
            }
        }

        int best = nearest.Count == 0 ? -1 : sameIndex >= 0 ? sameIndex : nearest[g.LocalIndex % nearest.Count];
        _nearestNic[gpu.Index] = best;
        return best;
    }

    /// <summary>
    /// Breadth-first distances from <paramref name="source"/> over the vertices of <paramref name="scope"/> and
    /// <paramref name="to"/> (-1: none); returns how many vertices it reached (the first entries of the queue).
    /// </summary>
    private int Distances(int source, Scope scope, int to)
    {
        _generation++;
        int head = 0;
        int tail = 0;
        _queue[tail++] = source;
        _stamp[source] = _generation;
        _distance[source] = 0;
        while (head < tail)
        {
            int v = _queue[head++];
            if (v != source && !_forwards[v])
            {
                continue;
            }

            foreach (int l in _graph.Outgoing(new DeviceId(v)))
            {
                int w = _graph.LinkTo[l];
                if (_stamp[w] == _generation || (w != to && !Allowed(scope, w)))
                {
                    continue;
                }

                _stamp[w] = _generation;
                _distance[w] = _distance[v] + 1;
                _queue[tail++] = w;
            }
        }

        return tail;
    }

    private bool Search(DeviceId from, DeviceId to, Scope scope, List<int> path, int hash = 0)
    {
        Distances(from.Index, scope, to.Index);
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
                int p = _graph.LinkFrom[l];
                if (IsParent(p, d, from.Index))
                {
                    count++;
                }
            }

            int pick = (int)((h >> 7) % (uint)count);
            h = (h * 2654435761u) + 0x9E3779B9u;
            foreach (int l in _graph.Incoming(new DeviceId(current)))
            {
                int p = _graph.LinkFrom[l];
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
        _stamp[p] == _generation && _distance[p] == d - 1 && (p == source || _forwards[p]);

    private bool Allowed(Scope scope, int v) =>
        scope.OneNode ? _nodeOf[v] == scope.Node : scope.ThroughStorage || !_storageSwitch[v];

    /// <summary>
    /// The vertices a search may enter besides its target: those of node <paramref name="Node"/> when
    /// <paramref name="OneNode"/>, else any vertex except storage switches unless <paramref name="ThroughStorage"/>.
    /// </summary>
    private readonly record struct Scope(bool OneNode, int Node, bool ThroughStorage)
    {
        public static Scope InNode(int node) => new(true, node, false);

        public static Scope Anywhere(bool throughStorage) => new(false, 0, throughStorage);
    }
}
