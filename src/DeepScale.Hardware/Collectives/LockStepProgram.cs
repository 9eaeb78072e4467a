using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// A collective as a sequence of lock-step rounds: in each round every member stream (one ring edge of one channel,
/// one tree edge of one pipeline stage, one exchange of a halving round) moves the same bytes, so the round is one
/// weighted bundle over the union of the members' routes. Pipelined algorithms (trees, chains) are expressed as
/// synchronous ticks: round t carries chunk t - j through stage j for every active stage j. The uncontended time is
/// <see cref="StartDelay"/> + Σ (latency + wire bytes / pattern rate); the analytical model of every algorithm but
/// the ring is this sum, the ring's rounds carry the latency its analytical model does not hide behind the
/// bottleneck link. Immutable.
/// </summary>
internal sealed class LockStepProgram(Duration startDelay, IReadOnlyList<FlowPattern> patterns, LockStepRound[] rounds, int phases)
{
    public Duration StartDelay { get; } = startDelay;

    public IReadOnlyList<FlowPattern> Patterns { get; } = patterns;

    public LockStepRound[] Rounds { get; } = rounds;

    public int Phases { get; } = phases;

    /// <summary>Seconds after the start delay when nothing else shares the links.</summary>
    public double RoundSeconds
    {
        get
        {
            double seconds = 0;
            foreach (LockStepRound r in Rounds)
            {
                seconds += (r.LatencyTicks / (double)Duration.TicksPerSecond) + RoundWire(r);
            }

            return seconds;
        }
    }

    /// <summary>Latency summed over all rounds (ticks).</summary>
    public long LatencyTicks => Rounds.Sum(r => r.LatencyTicks);

    /// <summary>Uncontended time from launch to the last byte.</summary>
    public Duration Time => StartDelay + Duration.FromSeconds(RoundSeconds);

    /// <summary>Seconds the round's bytes take at the pattern rate.</summary>
    public double RoundWire(LockStepRound r)
    {
        FlowPattern p = Patterns[r.Pattern];
        return r.WireBytes <= 0 || p.IsEmpty ? 0 : r.WireBytes / p.Rate;
    }
}
