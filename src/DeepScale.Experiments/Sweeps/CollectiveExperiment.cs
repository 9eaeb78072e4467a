using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;

namespace DeepScale.Experiments.Sweeps;

/// <summary>
/// A sweep of single collectives (the estimate <c>deepscale collective</c> prints) over catalog systems, GPU counts,
/// operations, algorithms, protocols and message sizes, combined as a product (sizes vary fastest), with measured
/// curves to overlay. Built by <see cref="CollectiveExperimentLoader"/>. Immutable.
/// </summary>
public sealed record CollectiveExperiment
{
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary>The experiment file as named in messages.</summary>
    public required string Source { get; init; }

    /// <summary>Catalog system ids.</summary>
    public required ImmutableArray<string> Systems { get; init; }

    /// <summary>GPU counts; more than a node's worth spans nodes on the scale-out fabric.</summary>
    public required ImmutableArray<int> Gpus { get; init; }

    public required ImmutableArray<CollectiveOp> Ops { get; init; }

    /// <summary>Algorithms; null stands for NCCL's own choice (<c>auto</c>).</summary>
    public required ImmutableArray<CollectiveAlgorithm?> Algorithms { get; init; }

    /// <summary>Protocols; null stands for NCCL's own choice (<c>auto</c>).</summary>
    public required ImmutableArray<NcclProtocol?> Protocols { get; init; }

    /// <summary>Message sizes, ascending as written.</summary>
    public required ImmutableArray<Bytes> Sizes { get; init; }

    /// <summary>Measured curves, with files relative to <see cref="Folder"/>.</summary>
    public ImmutableArray<CollectiveOverlay> Overlays { get; init; } = [];

    /// <summary>The folder overlay files are relative to.</summary>
    public required string Folder { get; init; }

    public ExperimentVariant Variant { get; init; } = ExperimentVariant.Full;

    /// <summary>Number of points: the product of the axis lengths.</summary>
    public int PointCount => Systems.Length * Gpus.Length * Ops.Length * Algorithms.Length * Protocols.Length * Sizes.Length;
}
