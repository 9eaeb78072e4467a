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
}
