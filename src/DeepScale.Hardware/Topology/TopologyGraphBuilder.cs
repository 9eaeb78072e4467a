using System.Collections.Immutable;

using DeepScale.Core.Units;

namespace DeepScale.Hardware.Topology;

/// <summary>Collects vertices and links, then freezes them into a <see cref="TopologyGraph"/>.</summary>
public sealed class TopologyGraphBuilder
{
    private readonly ImmutableArray<Vertex>.Builder _vertices = ImmutableArray.CreateBuilder<Vertex>();
    private readonly ImmutableArray<DirectedLink>.Builder _links = ImmutableArray.CreateBuilder<DirectedLink>();

    /// <summary>Number of vertices added so far.</summary>
    public int VertexCount => _vertices.Count;

    /// <summary>Adds a vertex and returns its id.</summary>
    public DeviceId AddVertex(VertexKind kind, string name, int node, int localIndex, bool forwards)
    {
        DeviceId id = new(_vertices.Count);
        _vertices.Add(new Vertex(id, kind, name, node, localIndex, forwards));
        return id;
    }

    /// <summary>Adds one directed link and returns its id.</summary>
    public LinkId AddLink(DeviceId from, DeviceId to, LinkKind kind, ByteRate capacity, ByteRate spec, Duration latency, string source)
    {
        if (capacity.BytesPerSecond <= 0 || !double.IsFinite(capacity.BytesPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity,
                $"link {_vertices[from.Index].Name} -> {_vertices[to.Index].Name}: capacity must be positive and finite");
        }

        LinkId id = new(_links.Count);
        _links.Add(new DirectedLink(id, from, to, kind, capacity, spec, latency, source));
        return id;
    }

    /// <summary>Adds both directions of a symmetric link.</summary>
    public void AddDuplex(DeviceId a, DeviceId b, LinkKind kind, ByteRate capacity, ByteRate spec, Duration latency, string source)
    {
        AddLink(a, b, kind, capacity, spec, latency, source);
        AddLink(b, a, kind, capacity, spec, latency, source);
    }

    /// <summary>Freezes the graph.</summary>
    public TopologyGraph Build() => new(_vertices.ToImmutable(), _links.ToImmutable());
}
