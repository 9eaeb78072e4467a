using DeepScale.Core.Units;

namespace DeepScale.Hardware.Specs;

/// <summary>
/// One interconnect technology from <c>interconnects.csv</c>: its per-direction bandwidth, port rate, latency where
/// published, and the fraction of the spec a real transfer achieves (<see cref="AchievableFraction"/>). Immutable.
/// </summary>
/// <param name="Id">Catalog id, lowercase-kebab (e.g. <c>nvlink-3</c>, <c>ib-hdr</c>, <c>pcie-4</c>).</param>
/// <param name="Name">Display name as the source prints it.</param>
/// <param name="Category">What the link connects.</param>
/// <param name="PerLinkPerDirection">Bandwidth of one link or lane group in one direction; zero when not published.</param>
/// <param name="Links">Links (or lanes) the total is made of; 0 when not published.</param>
/// <param name="TotalPerDirection">All links together, one direction (per GPU, per switch or per node, see notes).</param>
/// <param name="PortRate">Line rate of one network port (bits spelled out in the source); zero for non-network links.</param>
/// <param name="Latency">Typical one-way latency where the source gives one; null otherwise.</param>
/// <param name="AchievableFraction">Fraction of the per-direction spec that transfers reach (see <see cref="LinkEfficiency"/>).</param>
/// <param name="AchievableSource">Where <paramref name="AchievableFraction"/> comes from.</param>
public sealed record LinkSpec(
    string Id,
    string Name,
    LinkCategory Category,
    ByteRate PerLinkPerDirection,
    int Links,
    ByteRate TotalPerDirection,
    ByteRate PortRate,
    Duration? Latency,
    double AchievableFraction,
    string AchievableSource)
{
    /// <summary>Measured efficiencies quoted by the source row (e.g. "8xH200 pairwise copy 396.40 GBps uni (88%)").</summary>
    public string MeasuredNotes { get; init; } = "";

    /// <summary>The catalog row the values were read from; null for links written inline.</summary>
    public Catalog.CsvRow? Origin { get; init; }

    /// <summary>The bandwidth a transfer achieves in one direction over <paramref name="links"/> links of this kind.</summary>
    public ByteRate AchievablePerDirection(int links) => PerLinkPerDirection * links * AchievableFraction;

    /// <summary>Per-direction rate of a network port after the achievable fraction.</summary>
    public ByteRate AchievablePortRate => PortRate * AchievableFraction;
}
