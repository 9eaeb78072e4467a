using System.Collections.Immutable;

using DeepScale.Core.Units;

namespace DeepScale.Hardware.Topology;

/// <summary>
/// The path a transfer takes from one vertex to another: its directed links in order, the summed one-way latency
/// and the smallest link capacity on the way. Immutable; an empty route joins a vertex to itself.
/// </summary>
/// <param name="From">Source vertex.</param>
/// <param name="To">Destination vertex.</param>
/// <param name="Links">Directed links in path order.</param>
/// <param name="Latency">Sum of the links' latencies.</param>
/// <param name="Bottleneck">Smallest achievable capacity on the path (infinite for an empty route).</param>
public sealed record Route(DeviceId From, DeviceId To, ImmutableArray<LinkId> Links, Duration Latency, ByteRate Bottleneck)
{
    /// <summary>Number of links crossed.</summary>
    public int Hops => Links.Length;

    /// <summary>Uncontended time to move <paramref name="bytes"/>: latency plus bytes over the bottleneck.</summary>
    public Duration TransferTime(Bytes bytes) =>
        Links.IsEmpty ? Duration.Zero : Latency + (bytes / Bottleneck);
}
