namespace DeepScale.Reporting.Traces;

/// <summary>Choices for a Perfetto / Chrome trace file.</summary>
public sealed record TraceOptions
{
    public static TraceOptions Default { get; } = new();

    /// <summary>Draw arrows between spans that share a flow id (a send and its receive, the ranks of one
    /// collective), in start-time order.</summary>
    public bool IncludeFlows { get; init; } = true;

    /// <summary>Written to the file's <c>otherData</c> so a viewer can tell traces apart ("gpt3-175b tp8 pp16").</summary>
    public string? TraceName { get; init; }

    /// <summary>
    /// The replay's critical path (<c>ReplayOutput.CriticalPath</c>), drawn as its own process above the ranks: one
    /// track whose spans name the rank each segment ran on. Empty: no such process.
    /// </summary>
    public IReadOnlyList<Replay.TraceSpan> CriticalPath { get; init; } = [];
}
