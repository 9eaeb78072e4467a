namespace DeepScale.Experiments.Validation;

/// <summary>
/// A set of published measurements and the way DeepScale predicts them: which reference file it reads, how each row
/// becomes a scenario (or a collective), which settings the source does not give and the one rule that fixes them,
/// and the target its errors must meet.
/// </summary>
public interface IValidationSuite
{
    /// <summary>Kebab-case name (<c>megatron-table1</c>); also the stem of the suite's CSV and PNG.</summary>
    string Name { get; }

    /// <summary>One line naming the source ("Megatron-LM SC21 Table 1").</summary>
    string Title { get; }

    /// <summary>Runs every row the suite can express; never throws for a single row (a failing row is reported).</summary>
    SuiteResult Run(ReferenceData data, ValidationOptions options);
}
