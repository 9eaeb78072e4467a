using System.Collections.Immutable;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// Collects a suite's compared rows and skipped rows while it runs; a row whose simulation throws becomes a
/// <see cref="SkipKind.Failed"/> row naming the exception instead of ending the suite.
/// </summary>
public sealed class SuiteRows
{
    private readonly List<ValidationRow> _rows = [];
    private readonly List<SkippedRow> _skipped = [];

    public ImmutableArray<ValidationRow> Rows => [.. _rows];

    public ImmutableArray<SkippedRow> Skipped => [.. _skipped];

    /// <summary>Adds the row <paramref name="compare"/> builds, or a failed row when it throws.</summary>
    public void Compare(string label, Func<ValidationRow> compare)
    {
        ArgumentNullException.ThrowIfNull(compare);
        try
        {
            _rows.Add(compare());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _skipped.Add(new SkippedRow(label, $"simulation failed: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}", SkipKind.Failed));
        }
    }

    /// <summary>Records a reference row the suite cannot express.</summary>
    public void Skip(string label, string reason) => _skipped.Add(new SkippedRow(label, reason));
}
