using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.Validation;

/// <summary>How the suites simulate: the fidelity of every scenario run and the hardware catalog. Immutable.</summary>
public sealed record ValidationOptions
{
    /// <summary>Analytical (quick, what CI runs) or symmetric replay (the default).</summary>
    public Fidelity Fidelity { get; init; } = Fidelity.Symmetric;

    /// <summary>The catalog; null for <see cref="HardwareCatalog.Default"/>.</summary>
    public HardwareCatalog? Catalog { get; init; }

    /// <summary>The catalog in use.</summary>
    public HardwareCatalog CatalogOrDefault => Catalog ?? HardwareCatalog.Default;

    /// <summary>Loads a scenario spec's text (<paramref name="name"/> in messages) and runs it at these options.</summary>
    public RunResult Simulate(string specYaml, string name)
    {
        Scenario scenario = ScenarioLoader.LoadText(specYaml, name, CatalogOrDefault);
        return ScenarioRunner.Run(scenario, new RunOptions { Fidelity = Fidelity, Catalog = CatalogOrDefault }).Result;
    }
}
