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
    /// <summary>True when the device computes in <paramref name="precision"/>.</summary>
    public bool Supports(Precision precision) => DensePeak.ContainsKey(precision);

    /// <summary>Dense peak for a precision; throws naming the device when it does not support it.</summary>
    public FlopRate PeakFor(Precision precision) =>
        DensePeak.TryGetValue(precision, out FlopRate rate)
            ? rate
            : throw new NotSupportedException($"{Id} does not support {precision.ToSpecString()}");
}
