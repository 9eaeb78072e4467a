using System.Globalization;

using DeepScale.Core.Units;

namespace DeepScale.HostLab.Kernels;

/// <summary>
/// A ring all-reduce (sum) of <see cref="Elements"/> float32 values among <see cref="Ranks"/> processes:
/// a reduce-scatter then an all-gather, 2(p−1) steps each moving 1/p of the buffer (Patarasuk and Yuan 2009,
/// "Bandwidth optimal all-reduce algorithms for clusters of workstations", JPDC 69(2); Thakur, Rabenseifner and
/// Gropp 2005, IJHPCA 19(1), section 4). Cost model: T = 2(p−1)·α + 2(p−1)/p · S/β + (p−1)/p · S·γ.
/// <see cref="Placement"/> says where the processes ran when the shape is a measured case.
/// </summary>
public readonly record struct AllReduceShape(long Elements, int Ranks, RingPlacement Placement = RingPlacement.Spread) : IKernelWork
{
    /// <summary>The size of the buffer being reduced, S = 4·Elements.</summary>
    public Bytes MessageBytes => new((double)sizeof(float) * Elements);

    /// <summary>Sequential exchange steps: 2(p−1) (the α term's multiplier).</summary>
    public int Steps => Ranks <= 1 ? 0 : 2 * (Ranks - 1);

    /// <summary>Additions per rank: (p−1)/p · Elements.</summary>
    public FlopCount Flops => Ranks <= 1 ? FlopCount.Zero : new((double)(Ranks - 1) / Ranks * Elements);

    /// <summary>Bytes each rank sends (and receives): 2(p−1)/p · S.</summary>
    public Bytes BytesMoved => Ranks <= 1 ? Bytes.Zero : MessageBytes * (2.0 * (Ranks - 1) / Ranks);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"AllReduce {MessageBytes} x{Ranks}{(Placement == RingPlacement.OneCore ? " on one core" : "")}");
}
