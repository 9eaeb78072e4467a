namespace DeepScale.Benchmarks.Anchors;

/// <summary>What one anchor run produced: units done, kernel events processed, and its sanity values.</summary>
public sealed record AnchorOutcome(string Workload, long Units, long KernelEvents, string Check);
