using DeepScale.Reporting.Inputs;

namespace DeepScale.Reporting.Charts;

/// <summary>
/// A chart of predictions against published or measured values with a ±<see cref="Tolerance"/> band: the
/// comparisons, the quantity compared and the checks every such chart makes before it draws.
/// </summary>
public abstract record PredictionChart : ReportChart
{
    protected PredictionChart(IReadOnlyList<PredictionComparison> comparisons, string quantity, string title)
        : base(title)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        ArgumentException.ThrowIfNullOrWhiteSpace(quantity);
        Comparisons = comparisons;
        Quantity = quantity;
    }

    public IReadOnlyList<PredictionComparison> Comparisons { get; init; }

    /// <summary>What is compared, with its unit: "model TFLOP/s per GPU", "iteration time (s)".</summary>
    public string Quantity { get; init; }

    /// <summary>The relative half-width of the band around each measurement, 0.10 for ±10%.</summary>
    public double Tolerance { get; init; } = 0.10;

    /// <summary>Throws when there is nothing to draw, the tolerance is not in (0, 1), or a log axis meets a value ≤ 0.</summary>
    protected void Check(bool logScale)
    {
        if (Comparisons.Count == 0)
        {
            throw new ArgumentException("A predicted-vs-measured chart needs at least one comparison.", nameof(Comparisons));
        }

        if (!(Tolerance is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "The tolerance must lie in (0, 1), e.g. 0.10 for ±10%.");
        }

        if (logScale && Comparisons.FirstOrDefault(c => c.Predicted <= 0 || c.Measured <= 0) is { } bad)
        {
            throw new ArgumentOutOfRangeException(nameof(Comparisons), $"comparison '{bad.Label}': a log scale needs positive values (predicted {bad.Predicted}, measured {bad.Measured}); use AxisScale.Linear.");
        }
    }
}
