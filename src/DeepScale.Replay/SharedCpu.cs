using DeepScale.Core.Units;

namespace DeepScale.Replay;

/// <summary>
/// Ranks that are processes on the cores of a few hosts rather than devices of their own (the real CPU trainer:
/// K worker processes on one machine). Every compute op of a rank becomes its duration in core-seconds of work on
/// its host's processor, which the host's ranks share max-min fairly (processor sharing, Kleinrock 1967): a
/// rank runs on at most <see cref="CoresPerRank"/> cores, a host serves at most <see cref="CoresPerHost"/> cores
/// in all, so K compute-bound single-threaded ranks on C &lt; K cores each progress at C/K of their own speed,
/// and with C ≥ K nothing slows down. Collectives among ranks of one host run over its loopback interface, whose
/// copies are CPU work too: each step of a ring algorithm costs every member α + (bytes of the step)/β of a core
/// (the loopback link's calibrated cost when each member has a core to itself), on the same shared processor.
/// </summary>
/// <remarks>
/// With a <see cref="TimeSlice"/> (full replays) the host instead runs its ranks as an operating system does: each
/// of its <see cref="Cores"/> serves one rank at a time, taken first come, first served; a rank keeps its core
/// until it blocks (waits for a peer, a dependency or data) or its slice ends while another rank waits, when it
/// joins the back of the queue: round robin with a quantum (Kleinrock 1964), whose limit as the slice shrinks is
/// processor sharing. Off by default (<see cref="ReplayInput.SharedCpu"/> null): every rank then owns its device and compute
/// ops are plain timeouts.</remarks>
public sealed record SharedCpu
{
    /// <summary>The host each global rank runs on (index into the hosts; one entry per rank of the grid).</summary>
    public required IReadOnlyList<int> HostOfRank { get; init; }

    /// <summary>Cores of each host that the ranks share, in one-busy-core equivalents: fewer than the core count when
    /// the clock falls with every core busy.</summary>
    public required double CoresPerHost { get; init; }

    /// <summary>Cores of each host, the number of ranks that run at once under <see cref="TimeSlice"/>; 0 when only
    /// processor sharing is used.</summary>
    public int Cores { get; init; }

    /// <summary>
    /// How long a rank may keep a core while another waits for one (round robin), counted in the rank's work at one
    /// core's full clock; zero shares the cores among all
    /// runnable ranks at every instant (processor sharing). Used by full replays; a symmetric replay, whose
    /// representatives stand for several ranks, always shares.
    /// </summary>
    public Duration TimeSlice { get; init; }

    /// <summary>Cores one rank can use at once (1: a single-threaded worker process).</summary>
    public double CoresPerRank { get; init; } = 1;

    /// <summary>Loopback α: the CPU cost of one ring step of a collective between ranks of one host.</summary>
    public Duration LoopbackLatency { get; init; }

    /// <summary>Loopback β: bytes a rank moves per second of one core within a ring step. Zero leaves collectives to
    /// the network model.</summary>
    public ByteRate LoopbackBandwidth { get; init; }

    /// <summary>
    /// Ranks a host may run before its loopback rings count as oversubscribed (its core count). Above it, a ring
    /// step costs each member <see cref="OversubscribedLoopbackLatency"/> + bytes / <see cref="OversubscribedLoopbackBandwidth"/>
    /// of a core: the step measured with more processes than cores (context switches, caches shared in time), spread
    /// over its members. 0: never oversubscribed.
    /// </summary>
    public int OversubscribedAbove { get; init; }

    /// <summary>Loopback α per member when the host is oversubscribed.</summary>
    public Duration OversubscribedLoopbackLatency { get; init; }

    /// <summary>Loopback β per member when the host is oversubscribed; zero keeps <see cref="LoopbackBandwidth"/>.</summary>
    public ByteRate OversubscribedLoopbackBandwidth { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the field when the option cannot describe <paramref name="ranks"/> ranks.</summary>
    public SharedCpu Validated(int ranks)
    {
        ArgumentNullException.ThrowIfNull(HostOfRank);
        if (HostOfRank.Count < ranks)
        {
            throw new ArgumentException($"shared_cpu.host_of_rank: {HostOfRank.Count} entries for {ranks} ranks", nameof(HostOfRank));
        }

        for (int r = 0; r < ranks; r++)
        {
            if (HostOfRank[r] < 0)
            {
                throw new ArgumentException($"shared_cpu.host_of_rank[{r}]: {HostOfRank[r]} is not a host index", nameof(HostOfRank));
            }
        }

        if (!double.IsFinite(CoresPerHost) || CoresPerHost <= 0)
        {
            throw new ArgumentException($"shared_cpu.cores_per_host: {CoresPerHost} must be positive and finite", nameof(CoresPerHost));
        }

        if (!double.IsFinite(CoresPerRank) || CoresPerRank <= 0)
        {
            throw new ArgumentException($"shared_cpu.cores_per_rank: {CoresPerRank} must be positive and finite", nameof(CoresPerRank));
        }

        if (TimeSlice < Duration.Zero || (TimeSlice > Duration.Zero && (Cores < 1 || CoresPerRank != 1)))
        {
            throw new ArgumentException($"shared_cpu.time_slice: {TimeSlice} needs a non-negative slice and, when positive, at least one core ({Cores}) and single-core ranks ({CoresPerRank})", nameof(TimeSlice));
        }

        if (LoopbackLatency < Duration.Zero || !double.IsFinite(LoopbackBandwidth.BytesPerSecond) || LoopbackBandwidth.BytesPerSecond < 0)
        {
            throw new ArgumentException($"shared_cpu.loopback: α {LoopbackLatency} and β {LoopbackBandwidth} must not be negative", nameof(LoopbackLatency));
        }

        if (OversubscribedAbove < 0 || OversubscribedLoopbackLatency < Duration.Zero
            || !double.IsFinite(OversubscribedLoopbackBandwidth.BytesPerSecond) || OversubscribedLoopbackBandwidth.BytesPerSecond < 0)
        {
            throw new ArgumentException($"shared_cpu.oversubscribed_loopback: above {OversubscribedAbove} ranks, α {OversubscribedLoopbackLatency} and β {OversubscribedLoopbackBandwidth} must not be negative", nameof(OversubscribedAbove));
        }

        return this;
    }
}
