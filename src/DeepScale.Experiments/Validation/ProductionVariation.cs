using System.Globalization;

using DeepScale.Workloads.Cost;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// The device variation of the production clusters the training suites were measured on: their GPUs are real
/// parts whose sustained speed varies (<see cref="DeviceVariation"/>), so each run goes at the pace of its slowest
/// GPU. One setting for every training suite.
/// </summary>
internal static class ProductionVariation
{
    /// <summary>The cluster key and value, as a line of a cluster section.</summary>
    public static string Yaml { get; } = string.Create(CultureInfo.InvariantCulture, $"device_variation: {DeviceVariation.ProductionCluster}");

    /// <summary>The rule line the suites' READMEs state.</summary>
    public static string RuleLine { get; } = string.Create(CultureInfo.InvariantCulture,
        $"device variation σ = {DeviceVariation.ProductionCluster:P1} (cluster.device_variation): GPUs of one SKU differ in sustained speed by 8% on average, outliers excluded (Sinha et al. SC'22, five production clusters); a run goes at the pace of its slowest GPU");
}
