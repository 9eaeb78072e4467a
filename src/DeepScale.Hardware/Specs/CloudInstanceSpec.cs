using DeepScale.Core.Units;

namespace DeepScale.Hardware.Specs;

/// <summary>
/// A cloud instance type from <c>cloud_instances.csv</c>: its accelerators, host, network and prices (USD per
/// instance-hour, Linux, on-demand unless stated; TPU rows are per chip-hour). Prices change: <see cref="PriceDate"/>
/// is the validity stamp. Immutable.
/// </summary>
/// <param name="Id">Catalog id: lowercase-kebab of provider and instance (e.g. <c>aws-p4d-24xlarge</c>).</param>
/// <param name="Provider">Provider in lower case (<c>aws</c>, <c>gcp</c>, <c>azure</c>).</param>
/// <param name="Instance">Instance type exactly as the provider spells it (e.g. <c>p4d.24xlarge</c>).</param>
/// <param name="Region">Region the prices were read for.</param>
/// <param name="Accelerators">Accelerators per instance (1 for per-chip TPU rows).</param>
/// <param name="AcceleratorModel">Accelerator model as printed (e.g. "A100 SXM4").</param>
/// <param name="AcceleratorId">Catalog accelerator id the model maps to; empty when the catalog has no match.</param>
/// <param name="OnDemandUsdPerHour">On-demand price per instance-hour; null when the snapshot has none.</param>
public sealed record CloudInstanceSpec(
    string Id,
    string Provider,
    string Instance,
    string Region,
    int Accelerators,
    string AcceleratorModel,
    string AcceleratorId,
    double? OnDemandUsdPerHour)
{
    /// <summary>Memory per accelerator as the provider prints it (binary, like vendor HBM labels); null when not given.</summary>
    public Bytes? AcceleratorMemory { get; init; }

    /// <summary>Virtual CPUs; 0 when not given.</summary>
    public int Vcpus { get; init; }

    /// <summary>Host RAM, read with its published label (GiB binary, GB decimal); null when not given.</summary>
    public Bytes? HostMemory { get; init; }

    /// <summary>Network bandwidth per instance (line rate, bits spelled out in the source); null when not captured.</summary>
    public ByteRate? Network { get; init; }

    /// <summary>Local storage as printed.</summary>
    public string LocalStorage { get; init; } = "";

    /// <summary>Lowest and highest spot price across the region's zones in the snapshot; null when none.</summary>
    public double? SpotMinUsdPerHour { get; init; }

    /// <summary>Highest spot price in the snapshot; null when none.</summary>
    public double? SpotMaxUsdPerHour { get; init; }

    /// <summary>One-year committed-use price per hour; null when not found.</summary>
    public double? Commit1YearUsdPerHour { get; init; }

    /// <summary>Three-year committed-use price per hour; null when not found.</summary>
    public double? Commit3YearUsdPerHour { get; init; }

    /// <summary>Date of the price source, or how the undated snapshot was dated.</summary>
    public string PriceDate { get; init; } = "";

    /// <summary>True for TPU rows whose price is per chip-hour rather than per instance-hour.</summary>
    public bool IsPerChip { get; init; }

    /// <summary>The catalog row the values were read from.</summary>
    public Catalog.CsvRow? Origin { get; init; }
}
