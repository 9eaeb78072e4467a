using System.Collections.Immutable;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// Every published-results suite, in report order, and the way to run some or all of them into a
/// <see cref="ValidationReport"/>.
/// </summary>
public static class ValidationSuites
{
    /// <summary>The suites, in the order the README lists them.</summary>
    public static ImmutableArray<IValidationSuite> All { get; } =
    [
        new MegatronTable1Suite(),
        new MegatronTable2Suite(),
        new MegatronMfuSuite(),
        new MegatronLayerSuite(),
        new FlashAttentionSuite(),
        new NcclBusBandwidthSuite(),
        new XlaCollectivesSuite(),
        new XlaGemmSuite(),
        new HorovodSuite(),
        new GoyalImageNetSuite(),
        new GpipeSuite(),
        new DeepSpeedZeroSuite(),
        new LlmFoundrySuite(),
    ];

    /// <summary>Suite names in order.</summary>
    public static ImmutableArray<string> Names { get; } = [.. All.Select(s => s.Name)];

    /// <summary>The suite called <paramref name="name"/>; throws <see cref="UnknownSuiteException"/> listing the names otherwise.</summary>
    public static IValidationSuite Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(s => string.Equals(s.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new UnknownSuiteException(name, Names);
    }

    /// <summary>Runs the named suites (all when <paramref name="names"/> is empty), in registry order.</summary>
    public static ValidationReport Run(IReadOnlyCollection<string> names, ValidationOptions options, ReferenceData? data = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(options);
        HashSet<string> wanted = [.. names.Select(n => Find(n).Name)];
        ReferenceData reference = data ?? ReferenceData.Default;
        ImmutableArray<SuiteResult> results = [.. All.Where(s => wanted.Count == 0 || wanted.Contains(s.Name)).Select(s => s.Run(reference, options))];
        return new ValidationReport(results, options.Fidelity, wanted.Count == 0);
    }
}
