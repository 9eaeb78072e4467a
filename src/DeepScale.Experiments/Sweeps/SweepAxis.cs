using System.Collections.Immutable;

using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Sweeps;

/// <summary>One axis of a sweep: a spec field path and the values it takes, in order (ranges already expanded).</summary>
/// <param name="Field">Field path of the spec (<c>parallelism.tensor</c>).</param>
/// <param name="Values">The values, each a spec node positioned in the experiment file.</param>
/// <param name="Position">Where the axis was written.</param>
public sealed record SweepAxis(string Field, ImmutableArray<SpecNode> Values, SpecPosition Position)
{
    /// <summary>
    /// The name of the axis group the axis belongs to (the axes of one group advance together, like a zip inside a
    /// product: <c>scale: {cluster.nodes: [1, 1, 2], cluster.gpus_per_node: [4, 8, 8]}</c>); null for an axis of its own.
    /// </summary>
    public string? Group { get; init; }
}
