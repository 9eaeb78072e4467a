namespace DeepScale.Hardware.Topology;

/// <summary>
/// One directed link of a topology graph (each physical duplex link is two of these, one per direction), by
/// index into <see cref="TopologyGraph.Links"/>. A replay binds each id to one fair-share bandwidth resource.
/// </summary>
public readonly record struct LinkId(int Index) : IComparable<LinkId>
{
    public int CompareTo(LinkId other) => Index.CompareTo(other.Index);

    public override string ToString() => "l" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
