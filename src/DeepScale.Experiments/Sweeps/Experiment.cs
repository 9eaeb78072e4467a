using System.Collections.Immutable;

using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Sweeps;

/// <summary>
/// A loaded experiment: a base spec (with its fixed overrides applied) and the sweep axes over its fields, combined
/// by product or zip into at most <see cref="MaxPoints"/> points. Built by <see cref="ExperimentLoader"/>;
/// <see cref="SweepExpander"/> turns it into points. Immutable.
/// </summary>
public sealed record Experiment
{
    /// <summary>Name of the experiment (<c>name</c>, else the file name without extension).</summary>
    public required string Name { get; init; }

    /// <summary>Free text (<c>description</c>).</summary>
    public string Description { get; init; } = "";

    /// <summary>The experiment file as named in messages.</summary>
    public required string Source { get; init; }

    /// <summary>The base spec with the <c>set:</c> overrides of this experiment and of any base experiments applied.</summary>
    public required SpecDocument Base { get; init; }

    /// <summary>The axes in the order written.</summary>
    public required ImmutableArray<SweepAxis> Axes { get; init; }

    /// <summary>How the axes combine.</summary>
    public SweepMode Mode { get; init; } = SweepMode.Product;

    /// <summary>The cap on the number of points.</summary>
    public int MaxPoints { get; init; } = SpecLimits.DefaultMaxPoints;

    /// <summary>What happens to points that violate a constraint.</summary>
    public SweepFilter Filter { get; init; } = SweepFilter.None;

    /// <summary>Where the <c>sweep:</c> section was written.</summary>
    public SpecPosition SweepPosition { get; init; }

    /// <summary>Number of points: the product of the axis lengths, or the common length for zip.</summary>
    public int PointCount => Mode == SweepMode.Zip
        ? Axes[0].Values.Length
        : Axes.Aggregate(1, (n, a) => n * a.Values.Length);
}
