using DeepScale.Experiments.Spec;
using DeepScale.Experiments.Validation;

namespace DeepScale.Experiments.Tests.Validation;

/// <summary>
/// The reference data of the checkout (src/DeepScale.Experiments/Validation/Data, found above the test assembly)
/// and one analytical run of every suite, shared by the validation tests.
/// </summary>
internal static class ValidationFixture
{
    private static readonly Lazy<ReferenceData> s_data = new(() =>
        ReferenceData.FromDirectory(ReferenceData.FindSourceFolder(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException($"no {ReferenceData.SourceFolder} above {AppContext.BaseDirectory}")));

    private static readonly Lazy<ValidationReport> s_analytical = new(() =>
        ValidationSuites.Run([], new ValidationOptions { Fidelity = Fidelity.Analytical }, Data));

    public static ReferenceData Data => s_data.Value;

    public static ValidationOptions Analytical { get; } = new() { Fidelity = Fidelity.Analytical };

    /// <summary>Every suite at analytical fidelity, run once per test process.</summary>
    public static ValidationReport AnalyticalReport => s_analytical.Value;

    public static SuiteResult Suite(string name) => AnalyticalReport.Suites.Single(s => s.Name == name);
}
