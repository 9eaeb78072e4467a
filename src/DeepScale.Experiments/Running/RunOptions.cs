using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.Running;

/// <summary>How to run a scenario: a fidelity that overrides the spec's, a catalog, and how many ranks to trace.</summary>
public sealed record RunOptions
{
    public Fidelity? Fidelity { get; init; }

    public HardwareCatalog? Catalog { get; init; }

    /// <summary>Ranks whose spans are kept for a trace (0: no trace).</summary>
    public int TraceRanks { get; init; }

    /// <summary>Whether a replay reports its last iteration's critical path (<c>ReplayOutput.CriticalPath</c>).</summary>
    public bool CriticalPath { get; init; }
}
