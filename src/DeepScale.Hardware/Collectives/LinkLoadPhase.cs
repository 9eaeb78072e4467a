using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// One phase of a collective's link-load view: the wire bytes each directed link carries over the phase (all steps,
/// all channels), the bytes one member stream sends, and the parts of the phase's uncontended time. Uncontended,
/// the phase takes <see cref="BottleneckTime"/> (its most loaded link's load / capacity) + <see cref="Latency"/> +
/// <see cref="OffBottleneck"/>. As a weighted bundle on a fair-share network, a phase is <see cref="StreamBytes"/>
/// per member with <c>Loads[i] / StreamBytes</c> members on link i. Immutable.
/// </summary>
/// <param name="Links">Directed links crossed, ascending.</param>
/// <param name="Loads">Wire bytes on each of <paramref name="Links"/>.</param>
/// <param name="StreamBytes">Wire bytes one member stream sends during the phase.</param>
/// <param name="BottleneckTime">The largest load / capacity over the links.</param>
/// <param name="Latency">Per-step latencies summed over the phase (for a ring: the latency its bottleneck does not hide).</param>
/// <param name="OffBottleneck">
/// Time the phase moves data while its most loaded link is not the limit (pipeline fill and drain of trees and
/// chains, whose bottleneck changes from tick to tick); zero when one link limits every step.
/// </param>
public sealed record LinkLoadPhase(
    ImmutableArray<LinkId> Links,
    ImmutableArray<Bytes> Loads,
    Bytes StreamBytes,
    Duration BottleneckTime,
    Duration Latency,
    Duration OffBottleneck)
{
    /// <summary>Uncontended duration of the phase.</summary>
    public Duration UncontendedTime => BottleneckTime + Latency + OffBottleneck;
}
