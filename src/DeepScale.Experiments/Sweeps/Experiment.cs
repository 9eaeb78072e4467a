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

    /// <summary>Whether this is the full sweep or its quick form.</summary>
    public ExperimentVariant Variant { get; init; } = ExperimentVariant.Full;

    /// <summary>What the report derives beyond the points (<c>report:</c>).</summary>
    public ReportSettings Report { get; init; } = ReportSettings.None;

    /// <summary>Number of points: the product of the dimension lengths, or the common length for zip.</summary>
    public int PointCount => Mode == SweepMode.Zip
        ? Axes[0].Values.Length
        : Dimensions.Aggregate(1, (n, d) => n * Axes[d[0]].Values.Length);

    /// <summary>
    /// The independent dimensions of a product sweep, in the order written: each lists the indices in
    /// <see cref="Axes"/> of the axes that advance together (one axis, or every axis of a group). For zip, one
    /// dimension holds every axis.
    /// </summary>
    public ImmutableArray<ImmutableArray<int>> Dimensions
    {
        get
        {
            if (Mode == SweepMode.Zip)
            {
                return [[.. Enumerable.Range(0, Axes.Length)]];
            }

            var dimensions = new List<List<int>>();
            var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (int i = 0; i < Axes.Length; i++)
            {
                if (Axes[i].Group is { } g && groups.TryGetValue(g, out List<int>? members))
                {
                    members.Add(i);
                    continue;
                }

                List<int> dimension = [i];
                dimensions.Add(dimension);
                if (Axes[i].Group is { } name)
                {
                    groups[name] = dimension;
                }
            }

            return [.. dimensions.Select(d => d.ToImmutableArray())];
        }
    }
}
