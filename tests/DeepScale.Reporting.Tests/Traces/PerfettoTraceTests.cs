using System.Text.Json;

using DeepScale.Core.Units;
using DeepScale.Parallelism.Schedules;
using DeepScale.Replay;
using DeepScale.Reporting.Traces;

namespace DeepScale.Reporting.Tests.Traces;

[TestClass]
public sealed class PerfettoTraceTests
{
    private static JsonElement[] Events(string json, string phase) =>
        [.. JsonDocument.Parse(json).RootElement.GetProperty("traceEvents").EnumerateArray().Where(e => e.GetProperty("ph").GetString() == phase)];

    [TestMethod]
    public void ToJson_PipelineSpans_IsValidJsonWithOneCompleteEventPerSpan()
    {
        IReadOnlyList<TraceSpan> spans = SampleData.PipelineSpans();

        string json = PerfettoTrace.ToJson(spans, new TraceOptions { TraceName = "gpipe 4x4" });

        using JsonDocument document = JsonDocument.Parse(json);
        Assert.AreEqual("ms", document.RootElement.GetProperty("displayTimeUnit").GetString());
        Assert.AreEqual("gpipe 4x4", document.RootElement.GetProperty("otherData").GetProperty("name").GetString());
        JsonElement[] complete = Events(json, "X");
        Assert.HasCount(spans.Count, complete);
        Assert.IsTrue(complete.All(e => e.GetProperty("dur").GetDouble() >= 0));
        Assert.AreEqual(4 * 8, complete.Count(e => e.GetProperty("cat").GetString() is "forward" or "backward"));
    }

    [TestMethod]
    public void ToJson_Ranks_OneNamedProcessPerRankAndOneNamedThreadPerStream()
    {
        string json = PerfettoTrace.ToJson(SampleData.PipelineSpans());
        JsonElement[] metadata = Events(json, "M");

        string[] processes = [.. metadata.Where(e => e.GetProperty("name").GetString() == "process_name").Select(e => e.GetProperty("args").GetProperty("name").GetString()!)];
        CollectionAssert.AreEqual(new[] { "rank 0", "rank 1", "rank 2", "rank 3" }, processes);
        JsonElement[] threads = [.. metadata.Where(e => e.GetProperty("name").GetString() == "thread_name")];
        Assert.HasCount(4 * 3, threads);
        Assert.AreEqual(threads.Length, threads.Select(e => e.GetProperty("tid").GetInt32()).Distinct().Count());
        CollectionAssert.AreEquivalent(new[] { "compute", "data comm", "data load" }, threads.Where(e => e.GetProperty("pid").GetInt32() == 1).Select(e => e.GetProperty("args").GetProperty("name").GetString()).ToArray());
        foreach (JsonElement span in Events(json, "X"))
        {
            Assert.IsTrue(threads.Any(t => t.GetProperty("pid").GetInt32() == span.GetProperty("pid").GetInt32() && t.GetProperty("tid").GetInt32() == span.GetProperty("tid").GetInt32()));
        }
    }

    [TestMethod]
    public void ToJson_TickTimes_PrintsExactMicroseconds()
    {
        TraceSpan span = new(0, StreamKind.Compute, "k", TimeCategory.Forward, new SimTime(150_001), new SimTime(350_001));

        string json = PerfettoTrace.ToJson([span]);

        Assert.Contains("\"ts\":1.50001,\"dur\":2}", json);
        JsonElement e = Events(json, "X")[0];
        Assert.AreEqual(1.50001, e.GetProperty("ts").GetDouble(), 0);
        Assert.AreEqual("k", e.GetProperty("name").GetString());
        Assert.AreEqual("forward", e.GetProperty("cat").GetString());
    }

    [TestMethod]
    public void ToJson_SharedFlowId_ChainsStartStepEndInsideEachSpan()
    {
        TraceSpan[] spans =
        [
            new(2, StreamKind.DataComm, "ar", TimeCategory.ExposedDpComm, SimTime.FromSeconds(3e-3), SimTime.FromSeconds(5e-3), 9),
            new(0, StreamKind.DataComm, "ar", TimeCategory.ExposedDpComm, SimTime.FromSeconds(1e-3), SimTime.FromSeconds(5e-3), 9),
            new(1, StreamKind.DataComm, "ar", TimeCategory.ExposedDpComm, SimTime.FromSeconds(2e-3), SimTime.FromSeconds(5e-3), 9),
            new(1, StreamKind.Compute, "alone", TimeCategory.Forward, SimTime.Zero, SimTime.FromSeconds(1e-3), 4),
        ];

        string json = PerfettoTrace.ToJson(spans);

        JsonElement[] flow = [.. JsonDocument.Parse(json).RootElement.GetProperty("traceEvents").EnumerateArray().Where(e => e.GetProperty("ph").GetString() is "s" or "t" or "f")];
        CollectionAssert.AreEqual(new[] { "s", "t", "f" }, flow.Select(e => e.GetProperty("ph").GetString()).ToArray());
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, flow.Select(e => e.GetProperty("pid").GetInt32()).ToArray());
        Assert.IsTrue(flow.All(e => e.GetProperty("id").GetInt32() == 9 && e.GetProperty("bp").GetString() == "e"));
        CollectionAssert.AreEqual(new[] { 3000.0, 3500.0, 4000.0 }, flow.Select(e => e.GetProperty("ts").GetDouble()).ToArray());
    }

    [TestMethod]
    public void ToJson_FlowsOff_WritesNoFlowEvents()
    {
        string json = PerfettoTrace.ToJson(SampleData.PipelineSpans(), new TraceOptions { IncludeFlows = false });

        Assert.IsEmpty(Events(json, "s"));
        Assert.IsNotEmpty(Events(json, "X"));
    }

    [TestMethod]
    public void ToJson_ShuffledInput_GivesIdenticalOutput()
    {
        IReadOnlyList<TraceSpan> spans = SampleData.PipelineSpans();
        TraceSpan[] shuffled = [.. spans.Select((s, i) => (s, key: (i * 7919) % spans.Count)).OrderBy(p => p.key).Select(p => p.s)];

        Assert.AreEqual(PerfettoTrace.ToJson(spans), PerfettoTrace.ToJson(shuffled));
    }

    [TestMethod]
    public void ToJson_OverlappingSpansOnOneStream_GoToSeparateNonOverlappingThreads()
    {
        TraceSpan[] spans =
        [
            new(0, StreamKind.DataComm, "a", TimeCategory.ExposedDpComm, SimTime.FromSeconds(0), SimTime.FromSeconds(2)),
            new(0, StreamKind.DataComm, "b", TimeCategory.ExposedDpComm, SimTime.FromSeconds(1), SimTime.FromSeconds(3)),
            new(0, StreamKind.DataComm, "c", TimeCategory.ExposedDpComm, SimTime.FromSeconds(2), SimTime.FromSeconds(4)),
        ];

        string json = PerfettoTrace.ToJson(spans);

        JsonElement[] complete = Events(json, "X");
        var byThread = complete.GroupBy(e => e.GetProperty("tid").GetInt32()).ToArray();
        Assert.HasCount(2, byThread);
        foreach (var thread in byThread)
        {
            (double Start, double End)[] slices = [.. thread.Select(e => (e.GetProperty("ts").GetDouble(), e.GetProperty("ts").GetDouble() + e.GetProperty("dur").GetDouble())).Order()];
            for (int i = 1; i < slices.Length; i++)
            {
                Assert.IsLessThanOrEqualTo(slices[i].Start, slices[i - 1].End);
            }
        }

        Assert.Contains("data comm #2", json);
    }

    [TestMethod]
    public void ToJson_SpanEndingBeforeItStarts_ThrowsNamingIt()
    {
        TraceSpan bad = new(3, StreamKind.Compute, "broken", TimeCategory.Forward, SimTime.FromSeconds(2), SimTime.FromSeconds(1));

        var error = Assert.ThrowsExactly<ArgumentException>(() => PerfettoTrace.ToJson([bad]));

        Assert.Contains("'broken' on rank 3 ends", error.Message);
    }

    [TestMethod]
    public void Save_Spans_WritesAFileThatParses()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("trace.json");

        PerfettoTrace.Save(path, SampleData.PipelineSpans());

        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        Assert.IsGreaterThan(0, document.RootElement.GetProperty("traceEvents").GetArrayLength());
    }
}
