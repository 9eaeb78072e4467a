using System.Collections.Immutable;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// One published number next to DeepScale's prediction of it: the row's inputs (in the suite's column order), the
/// predicted and published values in the suite's quantity, and whether the row counts toward the suite's target.
/// Immutable; both values are finite and the published one is not zero.
/// </summary>
public sealed record ValidationRow
{
    public ValidationRow(string label, ImmutableArray<string> inputs, double predicted, double published)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        if (!double.IsFinite(predicted))
        {
            throw new ArgumentOutOfRangeException(nameof(predicted), predicted, $"row '{label}': the prediction must be finite");
        }

        if (!double.IsFinite(published) || published == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(published), published, $"row '{label}': the published value must be finite and not zero");
        }

        Label = label;
        Inputs = inputs.IsDefault ? [] : inputs;
        Predicted = predicted;
        Published = published;
    }

    /// <summary>Short name of the row for charts and the README ("1.7B, 32 GPUs").</summary>
    public string Label { get; }

    /// <summary>Input values, one per input column of the suite.</summary>
    public ImmutableArray<string> Inputs { get; }

    public double Predicted { get; }

    public double Published { get; }

    /// <summary>Whether the row counts toward the suite's MAPE and target (a baseline row or one outside the target's scope does not).</summary>
    public bool Scored { get; init; } = true;

    /// <summary>(predicted − published) / published, in percent.</summary>
    public double ErrorPercent => (Predicted - Published) / Published * 100;
}
