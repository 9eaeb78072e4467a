using System.Globalization;
using System.Text.Json;

using DeepScale.Core.Units;
using DeepScale.Replay;
using DeepScale.Reporting.Files;
using DeepScale.Reporting.Formatting;

namespace DeepScale.Reporting.Traces;

/// <summary>
/// Writes trace spans in the Chrome trace-event JSON format, which ui.perfetto.dev and chrome://tracing open: one
/// process per rank (pid = rank + 1, named "rank N"), one thread per stream (and per extra lane where spans of a
/// stream overlap), a complete event (<c>"ph":"X"</c>) per span with <c>ts</c> and <c>dur</c> in microseconds, and
/// optional flow events (<c>s</c>/<c>t</c>/<c>f</c>, bound to the enclosing span) linking spans that share a flow id.
/// </summary>
/// <remarks>
/// Times are exact: a simulation tick is 10 ps, so a microsecond is 100,000 ticks and every timestamp prints with
/// at most five decimals, computed in integers. Flow events sit at the middle of their span so they bind to it and
/// not to a neighbour that ends where it starts. Output is deterministic: metadata first, then spans in track order
/// (rank, stream, lane, start), then flows by id.
/// </remarks>
public static class PerfettoTrace
{
    private const long TicksPerMicrosecond = Duration.TicksPerSecond / 1_000_000;
    private const int TidsPerRank = 10_000;
    private const int TidsPerStream = 1_000;

    /// <summary>The trace as JSON text.</summary>
    public static string ToJson(IReadOnlyList<TraceSpan> spans, TraceOptions? options = null)
    {
        using var stream = new MemoryStream();
        Write(stream, spans, options);
        return new System.Text.UTF8Encoding(false).GetString(stream.ToArray());
    }

    /// <summary>Writes the trace to <paramref name="path"/> through a temporary file and a rename.</summary>
    public static void Save(string path, IReadOnlyList<TraceSpan> spans, TraceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spans);
        IReadOnlyList<TraceTrack> tracks = TrackLayout.Assign(spans);
        AtomicFile.Write(path, stream => Write(stream, tracks, options ?? TraceOptions.Default));
    }

    /// <summary>Writes the trace as UTF-8 JSON to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, IReadOnlyList<TraceSpan> spans, TraceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(spans);
        Write(stream, TrackLayout.Assign(spans), options ?? TraceOptions.Default);
    }

    private static void Write(Stream stream, IReadOnlyList<TraceTrack> tracks, TraceOptions options)
    {
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("displayTimeUnit", "ms");
        if (options.TraceName is { } name)
        {
            json.WriteStartObject("otherData");
            json.WriteString("name", name);
            json.WriteString("generator", "DeepScale");
            json.WriteEndObject();
        }

        json.WriteStartArray("traceEvents");
        CriticalPath(json, options.CriticalPath);
        var placed = new List<(TraceSpan Span, int Pid, int Tid)>();
        int lastRank = -1;
        foreach (TraceTrack track in tracks)
        {
            int pid = Pid(track.Rank);
            if (track.Rank != lastRank)
            {
                Metadata(json, "process_name", pid, null, "name", $"rank {track.Rank}");
                Metadata(json, "process_sort_index", pid, null, "sort_index", track.Rank);
                lastRank = track.Rank;
            }

            int tid = Tid(track);
            string thread = ReportText.Words(track.Stream) + (track.Lane > 0 ? $" #{track.Lane + 1}" : "");
            Metadata(json, "thread_name", pid, tid, "name", thread);
            Metadata(json, "thread_sort_index", pid, tid, "sort_index", tid);
            placed.AddRange(track.Spans.Select(s => (s, pid, tid)));
        }

        foreach ((TraceSpan span, int pid, int tid) in placed)
        {
            json.WriteStartObject();
            json.WriteString("ph", "X");
            json.WriteString("name", span.Name);
            json.WriteString("cat", ReportText.Key(span.Category));
            json.WriteNumber("pid", pid);
            json.WriteNumber("tid", tid);
            Microseconds(json, "ts", span.Start.Ticks);
            Microseconds(json, "dur", (span.End - span.Start).Ticks);
            if (span.FlowId >= 0)
            {
                json.WriteStartObject("args");
                json.WriteNumber("flow_id", span.FlowId);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        if (options.IncludeFlows)
        {
            Flows(json, placed);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The critical path as process 0 (the ranks are 1 and up), sorted first, on one track.</summary>
    private static void CriticalPath(Utf8JsonWriter json, IReadOnlyList<TraceSpan> path)
    {
        if (path.Count == 0)
        {
            return;
        }

        const int pid = 0, tid = 0;
        Metadata(json, "process_name", pid, null, "name", "critical path");
        Metadata(json, "process_sort_index", pid, null, "sort_index", -1);
        Metadata(json, "thread_name", pid, tid, "name", "operations that set the iteration time");
        foreach (TraceSpan span in path)
        {
            json.WriteStartObject();
            json.WriteString("ph", "X");
            json.WriteString("name", $"rank {span.Rank}: {span.Name}");
            json.WriteString("cat", ReportText.Key(span.Category));
            json.WriteNumber("pid", pid);
            json.WriteNumber("tid", tid);
            Microseconds(json, "ts", span.Start.Ticks);
            Microseconds(json, "dur", (span.End - span.Start).Ticks);
            json.WriteEndObject();
        }
    }

    private static void Flows(Utf8JsonWriter json, List<(TraceSpan Span, int Pid, int Tid)> placed)
    {
        IEnumerable<IGrouping<int, (TraceSpan Span, int Pid, int Tid)>> flows = placed
            .Where(p => p.Span.FlowId >= 0)
            .GroupBy(p => p.Span.FlowId)
            .OrderBy(g => g.Key);
        foreach (var flow in flows)
        {
            (TraceSpan Span, int Pid, int Tid)[] steps = [.. flow
                .OrderBy(p => p.Span.Start)
                .ThenBy(p => p.Span.Rank)
                .ThenBy(p => p.Tid)
                .ThenBy(p => p.Span.End)
                .ThenBy(p => p.Span.Name, StringComparer.Ordinal)];
            if (steps.Length < 2)
            {
                continue;
            }

            for (int i = 0; i < steps.Length; i++)
            {
                (TraceSpan span, int pid, int tid) = steps[i];
                json.WriteStartObject();
                json.WriteString("ph", i == 0 ? "s" : i == steps.Length - 1 ? "f" : "t");
                json.WriteNumber("id", flow.Key);
                json.WriteString("name", "flow");
                json.WriteString("cat", "flow");
                json.WriteNumber("pid", pid);
                json.WriteNumber("tid", tid);
                Microseconds(json, "ts", span.Start.Ticks + ((span.End - span.Start).Ticks / 2));
                json.WriteString("bp", "e");
                json.WriteEndObject();
            }
        }
    }

    private static void Metadata(Utf8JsonWriter json, string kind, int pid, int? tid, string argument, string value)
    {
        StartMetadata(json, kind, pid, tid);
        json.WriteString(argument, value);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Metadata(Utf8JsonWriter json, string kind, int pid, int? tid, string argument, int value)
    {
        StartMetadata(json, kind, pid, tid);
        json.WriteNumber(argument, value);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void StartMetadata(Utf8JsonWriter json, string kind, int pid, int? tid)
    {
        json.WriteStartObject();
        json.WriteString("ph", "M");
        json.WriteString("name", kind);
        json.WriteNumber("pid", pid);
        if (tid is int t)
        {
            json.WriteNumber("tid", t);
        }

        json.WriteStartObject("args");
    }

    private static int Pid(int rank) => checked(rank + 1);

    private static int Tid(TraceTrack track)
    {
        if (track.Lane >= TidsPerStream)
        {
            throw new ArgumentException($"Rank {track.Rank}, stream {track.Stream}: more than {TidsPerStream} spans overlap at once; that is not a schedule a stream can run.");
        }

        return checked((Pid(track.Rank) * TidsPerRank) + ((int)track.Stream * TidsPerStream) + track.Lane);
    }

    /// <summary>Writes ticks as exact microseconds: integer part, then up to five decimals without trailing zeros.</summary>
    private static void Microseconds(Utf8JsonWriter json, string property, long ticks)
    {
        long magnitude = Math.Abs(ticks);
        string text = (magnitude / TicksPerMicrosecond).ToString(CultureInfo.InvariantCulture);
        long fraction = magnitude % TicksPerMicrosecond;
        if (fraction != 0)
        {
            text += "." + fraction.ToString("D5", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        json.WritePropertyName(property);
        json.WriteRawValue(ticks < 0 ? "-" + text : text);
    }
}
