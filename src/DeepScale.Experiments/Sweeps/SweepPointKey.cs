using System.Text;

namespace DeepScale.Experiments.Sweeps;

/// <summary>
/// What makes a finished point reusable when a sweep is run again: the values its axes took (field and value text
/// in axis order, as points.csv records them), the SHA-256 of its resolved spec, and the versions of the tool and the
/// catalog that produced it. Two points with equal keys simulate the same scenario with the same model.
/// </summary>
/// <param name="Assignments">"field=value" per axis in axis order, one per line.</param>
/// <param name="SpecSha256">SHA-256 of the point's canonical spec.</param>
/// <param name="DeepscaleVersion">The tool's version.</param>
/// <param name="CatalogVersion">The hardware catalog's version.</param>
public readonly record struct SweepPointKey(string Assignments, string SpecSha256, string DeepscaleVersion, string CatalogVersion)
{
    /// <summary>The key of a point whose axes took <paramref name="assignments"/> (field, value text) in axis order.</summary>
    public static SweepPointKey From(IEnumerable<(string Field, string Value)> assignments, string specSha256, string deepscaleVersion, string catalogVersion)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var text = new StringBuilder();
        foreach ((string field, string value) in assignments)
        {
            text.Append(field).Append('=').Append(value).Append('\n');
        }

        return new SweepPointKey(text.ToString(), specSha256, deepscaleVersion, catalogVersion);
    }
}
