using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Sweeps;

/// <summary>An experiment's points in sweep order, each resolved, skipped or invalid.</summary>
/// <param name="Experiment">The experiment expanded.</param>
/// <param name="Points">Every point, in order.</param>
public sealed record SweepExpansion(Experiment Experiment, ImmutableArray<SweepPoint> Points)
{
    /// <summary>Points that resolved.</summary>
    public IEnumerable<SweepPoint> Valid => Points.Where(p => p.Status == SweepPointStatus.Valid);

    /// <summary>Points the filter skipped.</summary>
    public IEnumerable<SweepPoint> Skipped => Points.Where(p => p.Status == SweepPointStatus.Skipped);

    /// <summary>Points that cannot resolve.</summary>
    public IEnumerable<SweepPoint> Invalid => Points.Where(p => p.Status == SweepPointStatus.Invalid);

    /// <summary>
    /// Throws the first invalid point's error, with the point's index and assignments appended, so that an
    /// experiment with an invalid point stops before anything runs. Also throws when every point was skipped.
    /// </summary>
    public void ThrowIfInvalid()
    {
        SweepPoint? bad = Points.FirstOrDefault(p => p.Status == SweepPointStatus.Invalid);
        if (bad is not null)
        {
            throw bad.Error!.WithContext($"(sweep point {bad.Index.ToString(CultureInfo.InvariantCulture)}: {bad.Label})");
        }

        if (!Points.Any(p => p.Status == SweepPointStatus.Valid))
        {
            SpecException first = Points[0].Error!;
            throw new SpecException(SpecErrorKind.Sweep, "sweep",
                $"all {Points.Length.ToString(CultureInfo.InvariantCulture)} points were skipped; the first: {first.Field}: {first.Constraint}",
                Experiment.SweepPosition);
        }
    }
}
