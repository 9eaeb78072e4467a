using DeepScale.Parallelism.Schedules;
using DeepScale.Replay;

namespace DeepScale.Reporting.Traces;

/// <summary>One row of a timeline: the spans of one rank's stream that do not overlap each other. A stream whose
/// spans overlap (concurrent transfers) gets further lanes, so every track nests cleanly.</summary>
internal sealed record TraceTrack(int Rank, StreamKind Stream, int Lane, IReadOnlyList<TraceSpan> Spans);
