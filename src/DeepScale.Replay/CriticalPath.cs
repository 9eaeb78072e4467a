using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Parallelism.Schedules;

namespace DeepScale.Replay;

/// <summary>
/// The chain of operations that set the last iteration's length, read backwards from the op that finished last on
/// the critical rank: each op was released by the op of its rank that ended last before it (its stream predecessor
/// or a dependency); a collective whose last member arrived after this rank did continues on that member, and a
/// receive that waited for its data continues on the sender, the transfer itself being on the path. The segments
/// are contiguous and cover the iteration from its start to its end, so they add up to the iteration time; waiting
/// never appears on the path, which is what makes it different from the critical rank's breakdown (a pipeline
/// bubble there is, on the path, the earlier stages' work and the transfers that fed this one).
/// </summary>
internal static class CriticalPath
{
    public static ImmutableArray<TraceSpan> Build(IReadOnlyDictionary<int, RankRuntime> ranks, RankRuntime critical, long iterationStart)
    {
        OpLinks links = critical.Links ?? throw new InvalidOperationException("The critical path needs the replay to record op links.");
        int last = -1;
        for (int i = 0; i < critical.Program.Ops.Count; i++)
        {
            if (last < 0 || critical.EndTicks(i) > critical.EndTicks(last))
            {
                last = i;
            }
        }

        var backwards = new List<TraceSpan>();
        if (last < 0)
        {
            return [];
        }

        RankRuntime r = critical;
        int op = last;
        long upTo = critical.IterationEnd.Ticks;
        long steps = 0;
        long limit = ranks.Values.Sum(x => (long)x.Program.Ops.Count) * 2 + 2;
        while (true)
        {
            if (++steps > limit)
            {
                throw new InvalidOperationException($"The critical path does not reach the iteration start (rank {r.Rank}, op #{op}).");
            }

            links = r.Links!;
            ScheduleOp o = r.Program.Ops[op];
            long start = links.Start[op];
            long end = r.EndTicks(op);
            if (upTo > end)
            {
                Add(backwards, r, o.Stream, "waiting", TimeCategory.PipelineBubble, end, upTo);
                upTo = end;
            }

            int peer = links.PeerRank[op];
            long peerTicks = links.PeerTicks[op];
            bool waitedForPeer = peer >= 0 && peer != r.Rank && ranks.ContainsKey(peer) && (o.Kind == OpKind.Receive ? upTo > start : peerTicks > start);
            if (waitedForPeer)
            {
                Add(backwards, r, o.Stream, o.DisplayName, o.Category, Math.Min(peerTicks, upTo), upTo);
                upTo = Math.Min(peerTicks, upTo);
                r = ranks[peer];
                op = links.PeerOp[op];
                continue;
            }

            Add(backwards, r, o.Stream, o.DisplayName, o.Category, Math.Min(start, upTo), upTo);
            upTo = Math.Min(start, upTo);
            int cause = links.Cause[op];
            if (cause < 0)
            {
                if (upTo > iterationStart)
                {
                    Add(backwards, r, o.Stream, "waiting", TimeCategory.PipelineBubble, iterationStart, upTo);
                }

                break;
            }

            op = cause;
        }

        backwards.Reverse();
        return [.. backwards];
    }

    /// <summary>Time on the path by category.</summary>
    public static Breakdown Summarize(IReadOnlyList<TraceSpan> path)
    {
        var parts = new Duration[Enum.GetValues<TimeCategory>().Length];
        foreach (TraceSpan s in path)
        {
            parts[(int)s.Category] += s.End - s.Start;
        }

        return new Breakdown([.. parts]);
    }

    private static void Add(List<TraceSpan> path, RankRuntime rank, StreamKind stream, string name, TimeCategory category, long start, long end)
    {
        if (end > start)
        {
            path.Add(new TraceSpan(rank.Rank, stream, name, category, new SimTime(start), new SimTime(end)));
        }
    }
}
