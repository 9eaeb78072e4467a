namespace DeepScale.Experiments.Reports;

/// <summary>One reference row next to the point it was matched with.</summary>
/// <param name="Label">The row's label ("18.4B", or the key value).</param>
/// <param name="Point">Index of the matched point in report order.</param>
/// <param name="Predicted">The point's value of the compared metric.</param>
/// <param name="Published">The reference's value.</param>
public sealed record ReferenceComparison(string Label, int Point, double Predicted, double Published)
{
    /// <summary>(predicted − published) / published.</summary>
    public double RelativeError => (Predicted - Published) / Published;
}
