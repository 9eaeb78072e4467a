using System.Collections.Immutable;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// The directed graph of a cluster: vertices (accelerators, switches, NICs, CPUs, storage) and directed links with
/// capacities and latencies. Immutable once built by <see cref="TopologyGraphBuilder"/>; adjacency is held in
/// compressed arrays so routing touches no dictionaries.
/// </summary>
public sealed class TopologyGraph
{
    private readonly int[] _outStart;
    private readonly int[] _outLinks;
    private readonly int[] _inStart;
    private readonly int[] _inLinks;

    internal TopologyGraph(ImmutableArray<Vertex> vertices, ImmutableArray<DirectedLink> links)
    {
        Vertices = vertices;
        Links = links;
        (_outStart, _outLinks) = Compress(vertices.Length, links, l => l.From.Index);
        (_inStart, _inLinks) = Compress(vertices.Length, links, l => l.To.Index);
        Capacities = [.. links.Select(l => l.Capacity.BytesPerSecond)];
        LinkFrom = [.. links.Select(l => l.From.Index)];
        LinkTo = [.. links.Select(l => l.To.Index)];
    }

    /// <summary>Each link's capacity in bytes per second, indexed by <see cref="LinkId.Index"/> (for tight loops over many links).</summary>
    internal double[] Capacities { get; }

    /// <summary>Each link's source vertex index, indexed by <see cref="LinkId.Index"/>.</summary>
    internal int[] LinkFrom { get; }

    /// <summary>Each link's destination vertex index, indexed by <see cref="LinkId.Index"/>.</summary>
    internal int[] LinkTo { get; }

    /// <summary>All vertices, indexed by <see cref="DeviceId.Index"/>.</summary>
    public ImmutableArray<Vertex> Vertices { get; }

    /// <summary>All directed links, indexed by <see cref="LinkId.Index"/>.</summary>
    public ImmutableArray<DirectedLink> Links { get; }

    /// <summary>The vertex with this id.</summary>
    public Vertex this[DeviceId id] => Vertices[id.Index];

    /// <summary>The directed link with this id.</summary>
    public DirectedLink this[LinkId id] => Links[id.Index];

    /// <summary>Links leaving a vertex, by id.</summary>
    public ReadOnlySpan<int> Outgoing(DeviceId v) => _outLinks.AsSpan(_outStart[v.Index], _outStart[v.Index + 1] - _outStart[v.Index]);

    /// <summary>Links entering a vertex, by id.</summary>
    public ReadOnlySpan<int> Incoming(DeviceId v) => _inLinks.AsSpan(_inStart[v.Index], _inStart[v.Index + 1] - _inStart[v.Index]);

    /// <summary>Vertices of one kind, in id order.</summary>
    public IEnumerable<Vertex> OfKind(VertexKind kind) => Vertices.Where(v => v.Kind == kind);

    private static (int[] Start, int[] Items) Compress(int vertexCount, ImmutableArray<DirectedLink> links, Func<DirectedLink, int> key)
    {
        int[] start = new int[vertexCount + 1];
        foreach (DirectedLink l in links)
        {
            start[key(l) + 1]++;
        }

        for (int i = 0; i < vertexCount; i++)
        {
            start[i + 1] += start[i];
        }

        int[] fill = (int[])start.Clone();
        int[] items = new int[links.Length];
        foreach (DirectedLink l in links)
        {
            items[fill[key(l)]++] = l.Id.Index;
        }

        return (start, items);
    }
}
