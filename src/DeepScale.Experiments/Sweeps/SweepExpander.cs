using System.Collections.Immutable;

using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.Sweeps;

/// <summary>
/// Expands an experiment into its points in a deterministic order (product: the first axis varies slowest, like
/// nested loops written in file order, and the axes of a group advance together; zip: the i-th value of every
/// axis), applying each point's values to the base
/// spec as overrides and resolving it with <see cref="ScenarioLoader.Resolve"/>.
/// </summary>
public static class SweepExpander
{
    /// <summary>Every point, resolved.</summary>
    public static SweepExpansion Expand(Experiment experiment, HardwareCatalog? catalog = null) =>
        new(experiment, [.. Enumerate(experiment, catalog)]);

    /// <summary>The points one by one, for sweeps too large to hold resolved at once.</summary>
    public static IEnumerable<SweepPoint> Enumerate(Experiment experiment, HardwareCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        catalog ??= HardwareCatalog.Default;
        int count = experiment.PointCount;
        for (int i = 0; i < count; i++)
        {
            yield return Resolve(experiment, i, Assignments(experiment, i), catalog);
        }
    }

    /// <summary>The field values of point <paramref name="index"/>.</summary>
    public static ImmutableArray<SweepAssignment> Assignments(Experiment experiment, int index)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ImmutableArray<SweepAxis> axes = experiment.Axes;
        SweepAssignment[] result = new SweepAssignment[axes.Length];
        if (experiment.Mode == SweepMode.Zip)
        {
            for (int a = 0; a < axes.Length; a++)
            {
                result[a] = new SweepAssignment(axes[a].Field, axes[a].Values[index]);
            }
        }
        else
        {
            int rest = index;
            ImmutableArray<ImmutableArray<int>> dimensions = experiment.Dimensions;
            for (int d = dimensions.Length - 1; d >= 0; d--)
            {
                int n = axes[dimensions[d][0]].Values.Length;
                foreach (int a in dimensions[d])
                {
                    result[a] = new SweepAssignment(axes[a].Field, axes[a].Values[rest % n]);
                }

                rest /= n;
            }
        }

        return [.. result];
    }

    private static SweepPoint Resolve(Experiment experiment, int index, ImmutableArray<SweepAssignment> assignments, HardwareCatalog catalog)
    {
        try
        {
            SpecDocument spec = experiment.Base;
            // A point that picks a cloud instance takes the instance's accelerator and node: the base's system or
            // GPU, unless the point names its own, would contradict it.
            bool cloud = assignments.Any(a => a.Field == "cluster.cloud" || a.Field.StartsWith("cluster.cloud.", StringComparison.Ordinal));
            if (cloud && spec.Find("cluster") is SpecMap cluster)
            {
                string[] replaced = [.. new[] { "system", "gpu" }.Where(k => !assignments.Any(a => a.Field == "cluster." + k))];
                spec = spec.With("cluster", cluster with { Entries = [.. cluster.Entries.Where(e => !replaced.Contains(e.Key, StringComparer.Ordinal))] });
            }

            foreach (SweepAssignment a in assignments)
            {
                spec = spec.With(a.Field, a.Value);
            }

            Scenario scenario = ScenarioLoader.Resolve(spec, catalog);
            return new SweepPoint(index, assignments, SweepPointStatus.Valid, scenario, null);
        }
        catch (SpecException ex)
        {
            SweepPointStatus status = experiment.Filter == SweepFilter.SkipInvalid && ex.Kind == SpecErrorKind.Constraint
                ? SweepPointStatus.Skipped
                : SweepPointStatus.Invalid;
            return new SweepPoint(index, assignments, status, null, ex);
        }
    }
}
