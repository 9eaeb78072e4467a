namespace DeepScale.Experiments.Sweeps;

/// <summary>
/// What a sweep's report derives beyond the per-point results (<c>report:</c> in the experiment file): the size of
/// the training job (epochs over a data set, or a token budget) for time-to-train and cost totals, a reference to
/// compare with, and whether to draw a per-rank timeline of the best configuration.
/// </summary>
public sealed record ReportSettings
{
    /// <summary>No settings: the report shows the points, the charts their axes call for, and the findings.</summary>
    public static ReportSettings None { get; } = new();

    /// <summary>Epochs of training for time-to-train (<c>report.epochs</c>); needs the data set's sample count.</summary>
    public int? Epochs { get; init; }

    /// <summary>Samples per epoch (<c>report.samples</c>; default: the points' <c>data.samples</c>).</summary>
    public long? Samples { get; init; }

    /// <summary>Tokens to train on for time and cost totals (<c>report.token_budget</c>).</summary>
    public double? TokenBudget { get; init; }

    /// <summary>Published values to compare with (<c>report.reference</c>).</summary>
    public ReferenceSettings? Reference { get; init; }

    /// <summary>Draw a per-rank timeline (Gantt) of one iteration of the best configuration (<c>report.timeline</c>).</summary>
    public bool Timeline { get; init; }
}
