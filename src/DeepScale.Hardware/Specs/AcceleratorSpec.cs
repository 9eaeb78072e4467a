using DeepScale.Core.Units;

namespace DeepScale.Hardware.Specs;

/// <summary>
/// One accelerator (GPU, TPU chip, or the host CPU): memory, memory bandwidth, dense peak compute per precision and
/// the measured ceiling of matrix-multiply throughput. Immutable; built by the catalog from its source rows or
/// written inline in a spec.
/// </summary>
/// <param name="Id">Catalog id, lowercase-kebab (e.g. <c>a100-sxm4-80gb</c>).</param>
/// <param name="Name">Display name as the source prints it.</param>
/// <param name="Memory">Device memory capacity (HBM). Vendors print binary capacities as "GB"; the catalog reads them as GiB.</param>
/// <param name="MemoryBandwidth">Peak device memory bandwidth.</param>
/// <param name="DensePeak">Dense peak compute by precision; a missing precision is unsupported by the device.</param>
/// <param name="MatmulCeiling">Best achievable dense matmul efficiency relative to the peak (from measured MAMF), by precision.</param>
/// <param name="ScaleUpPerDirection">Scale-up (NVLink/ICI/xGMI) bandwidth per direction per device; zero when PCIe only.</param>
/// <param name="Source">Where the values came from (catalog file and row, or "inline").</param>
public sealed record AcceleratorSpec(
    string Id,
    string Name,
    Bytes Memory,
    ByteRate MemoryBandwidth,
    IReadOnlyDictionary<Precision, FlopRate> DensePeak,
    IReadOnlyDictionary<Precision, double> MatmulCeiling,
    ByteRate ScaleUpPerDirection,
    string Source)
{
    /// <summary>Vendor as the source prints it (NVIDIA, AMD, Google, Intel (Habana), or the host CPU's maker).</summary>
    public string Vendor { get; init; } = "";

    /// <summary>Package or board form, e.g. "SXM4", "OAM", "PCIe".</summary>
    public string FormFactor { get; init; } = "";

    /// <summary>Scale-up link family the device attaches with, e.g. "NVLink 3.0"; empty for PCIe-only devices.</summary>
    public string ScaleUpLinkName { get; init; } = "";

    /// <summary>Number of scale-up links (NVLink/ICI/xGMI ports) per device; 0 when none or unknown.</summary>
    public int ScaleUpLinks { get; init; }

    /// <summary>PCIe generation of the host link (3, 4, 5, 6); 0 when unknown or not PCIe-attached.</summary>
    public int PcieGeneration { get; init; }

    /// <summary>Maximum board or module power in watts; null when no source gives it.</summary>
    public double? TdpWatts { get; init; }

    /// <summary>Memory capacity exactly as the source printed it (number and label, e.g. "80 GB").</summary>
    public string MemoryAsPublished { get; init; } = "";

    /// <summary>
    /// True when the numbers are a documented placeholder rather than a measurement or datasheet (the
    /// <c>host-cpu</c> device before calibration).
    /// </summary>
    public bool IsPlaceholder { get; init; }

    /// <summary>
    /// The GEMM shape at which each measured <see cref="MatmulCeiling"/> was reached (the MAMF table's best shape),
    /// by precision; empty where the ceiling is a default. A cost model that times a shape's epilogue and
    /// quantization apart from its main loop calibrates the main loop here.
    /// </summary>
    public IReadOnlyDictionary<Precision, MatmulShape> MatmulCeilingShape { get; init; } = System.Collections.Immutable.ImmutableDictionary<Precision, MatmulShape>.Empty;

    /// <summary>The catalog row the values were read from; null for inline or calibrated devices.</summary>
    public Catalog.CsvRow? Origin { get; init; }

    /// <summary>Best achievable dense matmul rate in a precision: the peak times its matmul ceiling.</summary>
    public FlopRate MatmulRateFor(Precision precision) =>
        PeakFor(precision) * (MatmulCeiling.TryGetValue(precision, out double c) ? c : 1.0);

    /// <summary>True when the device computes in <paramref name="precision"/>.</summary>
    public bool Supports(Precision precision) => DensePeak.ContainsKey(precision);

    /// <summary>Dense peak for a precision; throws naming the device when it does not support it.</summary>
    public FlopRate PeakFor(Precision precision) =>
        DensePeak.TryGetValue(precision, out FlopRate rate)
            ? rate
            : throw new NotSupportedException($"{Id} does not support {precision.ToSpecString()}");
}
