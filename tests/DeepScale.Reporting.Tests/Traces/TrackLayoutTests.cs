using DeepScale.Core.Units;
using DeepScale.Parallelism.Schedules;
using DeepScale.Replay;
using DeepScale.Reporting.Traces;

namespace DeepScale.Reporting.Tests.Traces;

[TestClass]
public sealed class TrackLayoutTests
{
    private static TraceSpan Span(int rank, StreamKind stream, double start, double end, string name = "op") =>
        new(rank, stream, name, TimeCategory.Forward, SimTime.FromSeconds(start), SimTime.FromSeconds(end));

    [TestMethod]
    public void Assign_AbuttingSpans_ShareOneLane()
    {
        IReadOnlyList<TraceTrack> tracks = TrackLayout.Assign([Span(0, StreamKind.Compute, 1, 2), Span(0, StreamKind.Compute, 0, 1)]);

        Assert.HasCount(1, tracks);
        CollectionAssert.AreEqual(new[] { 0.0, 1.0 }, tracks[0].Spans.Select(s => s.Start.Seconds).ToArray());
    }

    [TestMethod]
    public void Assign_ThreeMutuallyOverlappingSpans_UseThreeLanes()
    {
        IReadOnlyList<TraceTrack> tracks = TrackLayout.Assign([Span(0, StreamKind.DataComm, 0, 3), Span(0, StreamKind.DataComm, 1, 3), Span(0, StreamKind.DataComm, 2, 3)]);

        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, tracks.Select(t => t.Lane).ToArray());
    }

    [TestMethod]
    public void Assign_ManyRanksAndStreams_OrdersByRankThenStream()
    {
        IReadOnlyList<TraceTrack> tracks = TrackLayout.Assign(
        [
            Span(1, StreamKind.DataComm, 0, 1),
            Span(0, StreamKind.DataLoad, 0, 1),
            Span(1, StreamKind.Compute, 0, 1),
            Span(0, StreamKind.Compute, 0, 1),
        ]);

        CollectionAssert.AreEqual(
            new[] { (0, StreamKind.Compute), (0, StreamKind.DataLoad), (1, StreamKind.Compute), (1, StreamKind.DataComm) },
            tracks.Select(t => (t.Rank, t.Stream)).ToArray());
    }
}
