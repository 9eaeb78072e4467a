using System.Collections.Immutable;

using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Tests.Topology;

/// <summary>
/// Brute-force oracle for <see cref="Router"/>: every search is a fresh breadth-first search over all vertices it
/// may enter (the NIC-to-NIC leg over the whole fabric for every pair), the nearest NIC a scan of every vertex, and
/// the backtrack picks among equal-length parents with the router's ECMP hash, or on the NIC-to-NIC leg with
/// <see cref="FabricRouting.DestinationModulo"/> by the digits of the destination NIC's port on its switch. Nothing is
/// kept between calls.
/// </summary>
internal sealed class ReferenceRouter(TopologyGraph graph, bool composeThroughNics, FabricRouting routing = FabricRouting.Ecmp)
{
    /// <summary>The links of the route from <paramref name="from"/> to <paramref name="to"/>, or null when there is none.</summary>
    public ImmutableArray<LinkId>? Find(DeviceId from, DeviceId to)
    {
        if (from == to)
        {
            return [];
        }

        Vertex a = graph[from];
        Vertex b = graph[to];
        int hash = (from.Index * 31) + to.Index;
        List<int> links = [];
        bool found = false;
        if (a.Node >= 0 && a.Node == b.Node)
        {
            found = Search(from.Index, to.Index, v => v.Node == a.Node, links, 0);
        }
        else if (composeThroughNics && a.Node >= 0 && b.Node >= 0 && a.Kind == VertexKind.Accelerator && b.Kind == VertexKind.Accelerator)
        {
            int nicA = NearestNic(a);
            int nicB = NearestNic(b);
            found = nicA >= 0 && nicB >= 0
                && Search(from.Index, nicA, v => v.Node == a.Node, links, 0)
                && Search(nicA, nicB, v => v.Node < 0, links, hash, routing == FabricRouting.DestinationModulo ? PortOf(nicB) : -1)
                && Search(nicB, to.Index, v => v.Node == b.Node, links, 0);
        }

        if (!found)
        {
            bool storage = a.Kind == VertexKind.Storage || b.Kind == VertexKind.Storage;
            links.Clear();
            found = Search(from.Index, to.Index, v => storage || v.Kind != VertexKind.StorageSwitch, links, hash);
        }

        return found ? [.. links.Select(l => new LinkId(l))] : null;
    }

    /// <summary>The same-index NIC among the nearest, else the nearest in id order taken round-robin by local index.</summary>
    private int NearestNic(Vertex gpu)
    {
        int[] distance = Distances(gpu.Id.Index, v => v.Node == gpu.Node);
        Vertex[] nics = [.. graph.Vertices.Where(v => v.Kind == VertexKind.Nic && v.Node == gpu.Node && distance[v.Id.Index] >= 0)];
        if (nics.Length == 0)
        {
            return -1;
        }

        int closest = nics.Min(v => distance[v.Id.Index]);
        Vertex[] nearest = [.. nics.Where(v => distance[v.Id.Index] == closest).OrderBy(v => v.Id.Index)];
        Vertex? same = nearest.FirstOrDefault(v => v.LocalIndex == gpu.LocalIndex);
        return (same ?? nearest[gpu.LocalIndex % nearest.Length]).Id.Index;
    }

    private int[] Distances(int source, Func<Vertex, bool> allowed)
    {
        int[] distance = new int[graph.Vertices.Length];
        Array.Fill(distance, -1);
        distance[source] = 0;
        Queue<int> queue = new([source]);
        while (queue.TryDequeue(out int v))
        {
            if (v != source && !graph.Vertices[v].Forwards)
            {
                continue;
            }

            foreach (int l in graph.Outgoing(new DeviceId(v)))
            {
                int w = graph.Links[l].To.Index;
                if (distance[w] < 0 && allowed(graph.Vertices[w]))
                {
                    distance[w] = distance[v] + 1;
                    queue.Enqueue(w);
                }
            }
        }

        return distance;
    }

    /// <summary>The index of a NIC among the outgoing links of its first switch that lead out of the fabric, in link order.</summary>
    private int PortOf(int nic)
    {
        int sw = graph.Incoming(new DeviceId(nic)).ToArray().Select(l => graph.Links[l].From.Index).First(v => graph.Vertices[v].Node < 0);
        return graph.Outgoing(new DeviceId(sw)).ToArray().Select(l => graph.Links[l].To.Index)
            .Where(v => graph.Vertices[v].Node >= 0).TakeWhile(v => v != nic).Count();
    }

    /// <summary>A backtracked breadth-first route; ties by <paramref name="hash"/>, or by the digits of <paramref name="port"/> when it is not negative.</summary>
    private bool Search(int from, int to, Func<Vertex, bool> allowed, List<int> path, int hash, int port = -1)
    {
        int[] distance = Distances(from, v => v.Id.Index == to || allowed(v));
        if (distance[to] < 0)
        {
            return false;
        }

        List<int> reversed = [];
        int current = to;
        uint h = (uint)hash * 2654435761u;
        uint digits = (uint)Math.Max(port, 0);
        while (current != from)
        {
            int d = distance[current];
            List<int> parents = [];
            foreach (int l in graph.Incoming(new DeviceId(current)))
            {
                int p = graph.Links[l].From.Index;
                if (distance[p] == d - 1 && (p == from || graph.Vertices[p].Forwards))
                {
                    parents.Add(l);
                }
            }

            int link;
            if (port >= 0)
            {
                link = parents[(int)(digits % (uint)parents.Count)];
                digits /= (uint)parents.Count;
            }
            else
            {
                link = parents[(int)((h >> 7) % (uint)parents.Count)];
                h = (h * 2654435761u) + 0x9E3779B9u;
            }

            reversed.Add(link);
            current = graph.Links[link].From.Index;
        }

        reversed.Reverse();
        path.AddRange(reversed);
        return true;
    }
}
