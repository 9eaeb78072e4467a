namespace DeepScale.Hardware.Collectives;

/// <summary>
/// Resolution of a collective replay. Consecutive rounds over the same links (the 2(n-1) steps of a ring, the
/// steady state of a pipeline) are indistinguishable to other traffic except for the latency gaps between them, so
/// a replay may merge them; a round's links are split over several kernel transfers to keep each path short.
/// Immutable.
/// </summary>
public sealed record CollectiveReplayOptions
{
    /// <summary>
    /// Most kernel rounds a run of identical consecutive rounds is replayed in (their bytes and latencies are
    /// merged evenly); <see cref="int.MaxValue"/> replays every step as its own bundle. Default 64.
    /// </summary>
    public int MaxRoundsPerRun { get; init; } = 64;

    /// <summary>Most links in one kernel transfer; a round over more links is split into parts that all must finish. Default 64.</summary>
    public int MaxLinksPerTransfer { get; init; } = 64;

    public static CollectiveReplayOptions Default { get; } = new();

    internal void Validate()
    {
        if (MaxRoundsPerRun < 1)
        {
            throw new ArgumentException($"max_rounds_per_run: {MaxRoundsPerRun} must be at least 1", nameof(MaxRoundsPerRun));
        }

        if (MaxLinksPerTransfer < 1)
        {
            throw new ArgumentException($"max_links_per_transfer: {MaxLinksPerTransfer} must be at least 1", nameof(MaxLinksPerTransfer));
        }
    }
}
