using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// The outcome of replaying one collective on the kernel: the replayed time (as an estimate record, so algorithm
/// and bus bandwidths read the same way), the analytical estimate of the same algorithm and protocol, and when it
/// ran. Immutable.
/// </summary>
/// <param name="Estimate">The collective with <see cref="CollectiveEstimate.Time"/> replaced by the replayed time.</param>
/// <param name="Analytical">The analytical estimate it replays.</param>
/// <param name="Start">Simulated time the collective was launched.</param>
/// <param name="End">Simulated time its last byte arrived.</param>
/// <param name="Rounds">Kernel rounds replayed (after merging identical consecutive rounds).</param>
/// <param name="Transfers">Kernel transfers started.</param>
public sealed record CollectiveReplayResult(
    CollectiveEstimate Estimate,
    CollectiveEstimate Analytical,
    SimTime Start,
    SimTime End,
    int Rounds,
    int Transfers)
{
    /// <summary>Always <see cref="CollectiveFidelity.Replay"/>.</summary>
    public CollectiveFidelity Fidelity => CollectiveFidelity.Replay;

    /// <summary>Replayed time from launch to the last byte.</summary>
    public Duration Time => End - Start;

    /// <summary>Replayed over analytical time (1 when uncontended; above 1 when other traffic shared the links).</summary>
    public double Slowdown => Time / Analytical.Time;
}
