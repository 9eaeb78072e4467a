using DeepScale.Replay;

namespace DeepScale.Reporting.Traces;

/// <summary>
/// Sorts spans into tracks: by rank, then stream, then lane, each track's spans by start time. A span goes to the
/// first lane of its stream whose last span has ended (greedy interval partitioning, which uses as many lanes as the
/// largest number of spans that overlap at one instant). The order is total, so output built on it is
/// deterministic whatever order the spans came in.
/// </summary>
internal static class TrackLayout
{
    public static IReadOnlyList<TraceTrack> Assign(IEnumerable<TraceSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var tracks = new List<TraceTrack>();
        IEnumerable<IGrouping<(int Rank, Parallelism.Schedules.StreamKind Stream), TraceSpan>> streams = spans
            .Select(Checked)
            .GroupBy(s => (s.Rank, s.Stream))
            .OrderBy(g => g.Key.Rank)
            .ThenBy(g => g.Key.Stream);
        foreach (var stream in streams)
        {
            var lanes = new List<List<TraceSpan>>();
            foreach (TraceSpan span in stream.Order(SpanOrder.Instance))
            {
                List<TraceSpan>? lane = lanes.Find(l => l[^1].End <= span.Start);
                if (lane is null)
                {
                    lane = [];
                    lanes.Add(lane);
                }

                lane.Add(span);
            }

            for (int i = 0; i < lanes.Count; i++)
            {
                tracks.Add(new TraceTrack(stream.Key.Rank, stream.Key.Stream, i, lanes[i]));
            }
        }

        return tracks;
    }

    private static TraceSpan Checked(TraceSpan span)
    {
        if (span.Rank < 0)
        {
            throw new ArgumentException($"Trace span '{span.Name}' has rank {span.Rank}; ranks are not negative.", nameof(span));
        }

        if (span.End < span.Start)
        {
            throw new ArgumentException($"Trace span '{span.Name}' on rank {span.Rank} ends ({span.End}) before it starts ({span.Start}).", nameof(span));
        }

        return span;
    }

    /// <summary>Start, end, name, category, flow: a total order on the spans of one stream.</summary>
    private sealed class SpanOrder : IComparer<TraceSpan>
    {
        public static readonly SpanOrder Instance = new();

        public int Compare(TraceSpan x, TraceSpan y)
        {
            int c = x.Start.CompareTo(y.Start);
            if (c == 0)
            {
                c = x.End.CompareTo(y.End);
            }

            if (c == 0)
            {
                c = string.CompareOrdinal(x.Name, y.Name);
            }

            if (c == 0)
            {
                c = x.Category.CompareTo(y.Category);
            }

            return c != 0 ? c : x.FlowId.CompareTo(y.FlowId);
        }
    }
}
