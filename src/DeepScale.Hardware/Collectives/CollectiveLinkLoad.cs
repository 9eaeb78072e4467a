using System.Buffers;
using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// Where a collective's bytes go: for the algorithm, protocol and channels the analytical model chooses, the wire
/// bytes each directed link carries in each phase (summed over steps and channels), and the latency parts. A
/// flow-level network replays each phase as one weighted bundle, so copies of the collective and other traffic
/// contend on the real links. Uncontended, <see cref="StartDelay"/> plus the phases' times reproduce
/// <see cref="CollectiveEstimate.Time"/>. Immutable.
/// </summary>
/// <param name="Estimate">The analytical estimate of the same collective.</param>
/// <param name="StartDelay">Launch cost and NCCL's base latency, before any byte moves.</param>
/// <param name="Phases">Phases in order (ring: one; halving-doubling: one per round; hierarchical: three).</param>
public sealed record CollectiveLinkLoad(CollectiveEstimate Estimate, Duration StartDelay, ImmutableArray<LinkLoadPhase> Phases)
{
    /// <summary>Uncontended time from the loads: start delay + Σ (bottleneck time + latency + off-bottleneck time).</summary>
    public Duration UncontendedTime => StartDelay + new Duration(Phases.Sum(p => p.UncontendedTime.Ticks));

    /// <summary>Wire bytes per link over the whole collective, ascending by link.</summary>
    public ImmutableArray<(LinkId Link, Bytes Load)> TotalLoads()
    {
        SortedDictionary<LinkId, double> total = [];
        foreach (LinkLoadPhase p in Phases)
        {
            for (int i = 0; i < p.Links.Length; i++)
            {
                total[p.Links[i]] = total.GetValueOrDefault(p.Links[i]) + p.Loads[i].Count;
            }
        }

        return [.. total.Select(kv => (kv.Key, new Bytes(kv.Value)))];
    }

    /// <summary>The link-load view of a lock-step program.</summary>
    internal static CollectiveLinkLoad Of(CollectiveEstimate estimate, LockStepProgram program, TopologyGraph graph)
    {
        ImmutableArray<LinkLoadPhase>.Builder phases = ImmutableArray.CreateBuilder<LinkLoadPhase>(program.Phases);
        // Scratch by link index, all zero again when the method returns (only touched entries are ever set).
        int linkCount = graph.Links.Length;
        double[] load = ArrayPool<double>.Shared.Rent(linkCount);
        bool[] listed = ArrayPool<bool>.Shared.Rent(linkCount);
        Array.Clear(load, 0, linkCount);
        Array.Clear(listed, 0, linkCount);
        List<int> touched = [];
        int r = 0;
        LockStepRound[] rounds = program.Rounds;
        while (r < rounds.Length)
        {
            int phase = rounds[r].Phase;
            double stream = 0;
            double roundSeconds = 0;
            long latency = 0;
            for (; r < rounds.Length && rounds[r].Phase == phase; r++)
            {
                LockStepRound round = rounds[r];
                FlowPattern p = program.Patterns[round.Pattern];
                stream += round.WireBytes;
                latency += round.LatencyTicks;
                roundSeconds += program.RoundWire(round);
                for (int i = 0; i < p.Links.Length; i++)
                {
                    int l = p.Links[i];
                    if (!listed[l])
                    {
                        listed[l] = true;
                        touched.Add(l);
                    }

                    load[l] += round.WireBytes * p.Streams[i];
                }
            }

            touched.Sort();
            ImmutableArray<LinkId>.Builder links = ImmutableArray.CreateBuilder<LinkId>(touched.Count);
            ImmutableArray<Bytes>.Builder loads = ImmutableArray.CreateBuilder<Bytes>(touched.Count);
            double bottleneck = 0;
            foreach (int l in touched)
            {
                if (load[l] > 0)
                {
                    links.Add(new LinkId(l));
                    loads.Add(new Bytes(load[l]));
                    bottleneck = Math.Max(bottleneck, load[l] / graph.Links[l].Capacity.BytesPerSecond);
                }

                load[l] = 0;
                listed[l] = false;
            }

            touched.Clear();
            Duration bottleneckTime = Duration.FromSeconds(bottleneck);
            Duration off = Duration.FromSeconds(Math.Max(0, roundSeconds - bottleneck));
            phases.Add(new LinkLoadPhase(links.ToImmutable(), loads.ToImmutable(), new Bytes(stream), bottleneckTime, new Duration(latency), off));
        }

        ArrayPool<double>.Shared.Return(load);
        ArrayPool<bool>.Shared.Return(listed);
        return new CollectiveLinkLoad(estimate, program.StartDelay, phases.ToImmutable());
    }
}
