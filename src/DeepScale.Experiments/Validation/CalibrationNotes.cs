using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Specs;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// Which model inputs of a catalog system were calibrated, and on what, read from the catalog itself so that the
/// text follows the model: the GEMM ceiling (the lowest measured matmul row or the median of the measured devices), the documented
/// device profile, and the achievable fraction of each link with its source.
/// </summary>
public static class CalibrationNotes
{
    /// <summary>The calibration lines for the accelerator and links of <paramref name="systemId"/> at <paramref name="precision"/>.</summary>
    public static ImmutableArray<string> ForSystem(HardwareCatalog catalog, string systemId, Precision precision)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        SystemSpec system = catalog.System(systemId);
        AcceleratorSpec accelerator = catalog.Accelerator(system.AcceleratorId);
        ComputeEfficiencyProfile profile = catalog.EfficiencyProfile(accelerator.Id);
        Precision ceilingPrecision = precision == Precision.Fp16 ? Precision.Bf16 : precision;
        double ceiling = accelerator.MatmulCeiling.TryGetValue(precision, out double c) ? c
            : accelerator.MatmulCeiling.TryGetValue(ceilingPrecision, out double b) ? b : 1.0;
        string ceilingOrigin = catalog.MatmulCeilings.OriginOf(accelerator.Id, ceilingPrecision) is { } origin
            ? $"its lowest measured {ceilingPrecision.ToSpecString()} row of mamf_matmul_tflops.csv, {origin}"
            : "no measured row for this device: the median of the measured devices of mamf_matmul_tflops.csv";
        var lines = ImmutableArray.CreateBuilder<string>();
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"compute ({accelerator.Id}): GEMM ceiling {ceiling * 100:0.0}% of the {precision.ToSpecString()} peak from {ceilingOrigin}; " +
            $"tile and wave quantization over {profile.StreamingMultiprocessors} SMs, output stores after the main loop{(profile.WarpSpecializedGemms ? " (last wave exposed; clusters of 2 blocks)" : "")}, HBM fraction {profile.MemoryBandwidthFraction:0.##}, " +
            $"kernel launch {profile.KernelLaunchLatency.Microseconds:0.#} µs, host {profile.HostOverheadForward.Microseconds:0.#}/{profile.HostOverheadBackward.Microseconds:0.#} µs per forward/backward operator (documented defaults of ComputeEfficiencyProfile)"));
        foreach (string linkId in new[] { system.ScaleUpLinkId, system.ScaleOutLinkId }.Where(id => id.Length > 0))
        {
            LinkSpec link = catalog.Link(linkId);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"link {link.Id}: {link.AchievableFraction * 100:0.#}% of the per-direction spec ({link.AchievableSource})"));
        }

        lines.Add("collectives: algorithm and protocol chosen, and latencies set, by NCCL's own tuning model (NVIDIA/nccl src/graph/tuning.cc)");
        lines.Add("nothing was fitted to the published numbers of this suite");
        return lines.ToImmutable();
    }

    /// <summary>One line for the README's table: where the GEMM ceiling and link rates come from, and that nothing was fitted.</summary>
    public static string Summary(HardwareCatalog catalog, string systemId, Precision precision)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        SystemSpec system = catalog.System(systemId);
        AcceleratorSpec accelerator = catalog.Accelerator(system.AcceleratorId);
        Precision ceilingPrecision = precision == Precision.Fp16 ? Precision.Bf16 : precision;
        string ceiling = catalog.MatmulCeilings.IsMeasured(accelerator.Id, ceilingPrecision)
            ? $"{accelerator.Id} GEMM ceiling: its lowest measured matmul row"
            : $"{accelerator.Id} GEMM ceiling: median of the measured devices (device not measured)";
        return $"{ceiling}; SMs, HBM, launch and host costs: documented defaults; links: NCCL topo.h rates; collectives: NCCL tuning.cc; fitted to this suite: nothing";
    }
}
