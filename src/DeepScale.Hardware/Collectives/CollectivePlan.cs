using System.Collections.Immutable;

using DeepScale.Core.Units;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// A collective expressed as point-to-point transfers with dependencies (a DAG), for an event-driven replay over
/// the topology's fair-share links, together with the analytical estimate of the same algorithm and protocol.
/// Dependencies are stored compactly: <see cref="DependenciesOf"/> returns the ids a step waits for. Immutable.
/// </summary>
public sealed class CollectivePlan
{
    private readonly ImmutableArray<int> _dependencyStart;
    private readonly ImmutableArray<int> _dependencies;

    internal CollectivePlan(CollectiveEstimate estimate, int chunks, Duration startDelay, ImmutableArray<TransferStep> steps,
        ImmutableArray<int> dependencyStart, ImmutableArray<int> dependencies)
    {
        Estimate = estimate;
        Chunks = chunks;
        StartDelay = startDelay;
        Steps = steps;
        _dependencyStart = dependencyStart;
        _dependencies = dependencies;
    }

    /// <summary>The analytical estimate (algorithm, protocol, time) this plan realizes.</summary>
    public CollectiveEstimate Estimate { get; }

    /// <summary>Pipeline chunks per channel (1 for rings, whose steps are already chunks of S/n).</summary>
    public int Chunks { get; }

    /// <summary>Delay before the first steps may start: the launch cost plus NCCL's base latency.</summary>
    public Duration StartDelay { get; }

    /// <summary>All transfers; a step's dependencies always have smaller ids.</summary>
    public ImmutableArray<TransferStep> Steps { get; }

    /// <summary>The ids of the steps a step waits for.</summary>
    public ReadOnlySpan<int> DependenciesOf(int step) =>
        _dependencies.AsSpan(_dependencyStart[step], _dependencyStart[step + 1] - _dependencyStart[step]);

    /// <summary>Total dependency edges.</summary>
    public int DependencyCount => _dependencies.Length;

    /// <summary>Total payload moved by all steps.</summary>
    public Bytes TotalPayload => new(Steps.Sum(s => s.Payload.Count));
}
