namespace DeepScale.Hardware.Topology;

/// <summary>
/// A vertex of a cluster's topology graph: an accelerator, a switch, a NIC, a host CPU or a storage target. The
/// index is stable for a built cluster (accelerators first, in global rank order: node-major, then local index).
/// </summary>
public readonly record struct DeviceId(int Index) : IComparable<DeviceId>
{
    public int CompareTo(DeviceId other) => Index.CompareTo(other.Index);

    public override string ToString() => "d" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
