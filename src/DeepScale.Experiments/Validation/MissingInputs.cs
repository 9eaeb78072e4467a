using DeepScale.Hardware.Catalog;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Validation;

/// <summary>What a suite needs that the model zoo or the hardware catalog does not hold, checked at run time.</summary>
public static class MissingInputs
{
    /// <summary>The wanted model-zoo ids that are absent.</summary>
    public static IReadOnlyList<string> Models(params string[] ids) =>
        [.. ids.Where(id => !ModelZoo.Ids.Contains(id, StringComparer.OrdinalIgnoreCase))];

    /// <summary>True when no catalog accelerator id contains <paramref name="fragment"/> (e.g. <c>p100</c>).</summary>
    public static bool NoAccelerator(HardwareCatalog catalog, string fragment)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return !catalog.Accelerators.Any(a => a.Id.Contains(fragment, StringComparison.OrdinalIgnoreCase));
    }
}
