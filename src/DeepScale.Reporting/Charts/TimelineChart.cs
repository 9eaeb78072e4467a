using DeepScale.Core.Units;
using DeepScale.Parallelism.Schedules;
using DeepScale.Replay;
using DeepScale.Reporting.Formatting;
using DeepScale.Reporting.Traces;

using ScottPlot;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// A Gantt chart of one iteration: one row per rank and stream (rank 0 on top), a bar per span coloured by the time
/// category it counts toward, time in milliseconds from the start of the window. Spans are clipped to the window
/// [<see cref="From"/>, <see cref="To"/>] (default: all of them).
/// </summary>
public sealed record TimelineChart : ReportChart
{
    public TimelineChart(IReadOnlyList<TraceSpan> spans)
        : base("Timeline of one iteration")
    {
        ArgumentNullException.ThrowIfNull(spans);
        Spans = spans;
        Size = ChartSize.Wide;
    }

    public IReadOnlyList<TraceSpan> Spans { get; init; }

    /// <summary>Start of the window (default: the earliest span's start); the time axis counts from here.</summary>
    public SimTime? From { get; init; }

    /// <summary>End of the window (default: the latest span's end).</summary>
    public SimTime? To { get; init; }

    /// <summary>At most this many rows (the first ranks); a note in the corner says when rows were left out.</summary>
    public int MaxRows { get; init; } = 24;

    protected override void Build(Plot plot)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRows, 1, nameof(MaxRows));
        if (Spans.Count == 0)
        {
            throw new ArgumentException("A timeline needs at least one trace span.", nameof(Spans));
        }

        SimTime from = From ?? Spans.Min(s => s.Start);
        SimTime to = To ?? Spans.Max(s => s.End);
        if (to <= from)
        {
            throw new ArgumentException($"The timeline window ends ({to}) at or before it starts ({from}).", nameof(To));
        }

        TraceSpan[] inWindow = [.. Spans
            .Where(s => s.End > from && s.Start < to)
            .Select(s => s with { Start = s.Start < from ? from : s.Start, End = s.End > to ? to : s.End })];
        if (inWindow.Length == 0)
        {
            throw new ArgumentException($"No trace span lies in the window {from} to {to}.", nameof(Spans));
        }

        IReadOnlyList<TraceTrack> tracks = TrackLayout.Assign(inWindow);
        double windowMs = (to - from).Milliseconds;
        int rows = Math.Min(tracks.Count, MaxRows);
        var byCategory = new SortedDictionary<TimeCategory, List<Bar>>();
        var labels = new string[rows];
        var positions = new double[rows];
        for (int row = 0; row < rows; row++)
        {
            TraceTrack track = tracks[row];
            double position = rows - 1 - row;
            positions[row] = position;
            labels[row] = $"rank {track.Rank} · {ReportText.Words(track.Stream)}" + (track.Lane > 0 ? $" #{track.Lane + 1}" : "");
            foreach (TraceSpan span in Merged(track.Spans, windowMs))
            {
                if (!byCategory.TryGetValue(span.Category, out List<Bar>? bars))
                {
                    bars = [];
                    byCategory.Add(span.Category, bars);
                }

                bars.Add(new Bar
                {
                    Position = position,
                    ValueBase = (span.Start - from).Milliseconds,
                    Value = (span.End - from).Milliseconds,
                    Size = 0.8,
                    FillColor = ChartColors.For(span.Category),
                    // A white outline separates neighbouring spans, but on a span narrower than a few pixels
                    // (under 0.3% of the window) it would cover the fill and wash the row out.
                    LineWidth = (span.End - span.Start).Milliseconds >= 0.003 * windowMs ? 0.5f : 0,
                    LineColor = Colors.White,
                });
            }
        }

        for (int row = 1; row < rows; row++)
        {
            if (tracks[row].Rank != tracks[row - 1].Rank)
            {
                var separator = plot.Add.HorizontalLine(positions[row] + 0.5, 1, ChartColors.Reference.WithAlpha(0.5), LinePattern.Dotted);
                separator.ExcludeFromLegend = true;
            }
        }

        foreach ((TimeCategory category, List<Bar> bars) in byCategory)
        {
            var plottable = plot.Add.Bars(bars);
            plottable.Horizontal = true;
            plottable.LegendText = ReportText.Words(category);
            plottable.Color = ChartColors.For(category);
        }

        ChartStyle.CategoryTicks(plot.Axes.Left, labels, positions);
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        ChartStyle.LinearTicks(plot.Axes.Bottom);
        plot.Axes.SetLimitsX(0, windowMs * 1.01);
        plot.Axes.SetLimitsY(-0.7, rows - 0.3);
        ChartStyle.XLabel(plot, "time since window start (ms)", rows < tracks.Count ? [$"showing {rows} of {tracks.Count} rows"] : []);
        plot.YLabel("rank · stream");
        plot.ShowLegend(Edge.Right);
    }

    /// <summary>
    /// The spans of one row with neighbours of the same category joined when the gap between them is under a pixel
    /// (0.05% of the window): thousands of sub-pixel spans would otherwise be drawn as hairlines that the renderer's
    /// antialiasing blends with the white gaps into a washed-out colour.
    /// </summary>
    private static IEnumerable<TraceSpan> Merged(IEnumerable<TraceSpan> spans, double windowMs)
    {
        double gapMs = 0.0005 * windowMs;
        TraceSpan? open = null;
        foreach (TraceSpan span in spans.OrderBy(s => s.Start))
        {
            if (open is { } o && o.Category == span.Category && (span.Start - o.End).Milliseconds <= gapMs)
            {
                open = o with { End = span.End > o.End ? span.End : o.End };
                continue;
            }

            if (open is { } done)
            {
                yield return done;
            }

            open = span;
        }

        if (open is { } last)
        {
            yield return last;
        }
    }
}
