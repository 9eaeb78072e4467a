using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Catalog;

/// <summary>
/// Best achievable dense matmul throughput as a fraction of the peak, per device and precision, from
/// <c>mamf_matmul_tflops.csv</c> (Bekman, ML Engineering, "Maximum Achievable Matmul FLOPS": mean of 100 iterations
/// after 50 warm-up, best GEMM shape). A device with several rows in one precision takes the lowest: training runs
/// GEMMs back to back at the board's power limit, where a long run of a large GEMM on random data settles below the
/// best shape of a short sweep (A100 SXM: 8192³ on torch.randn holds 257.5 TFLOP/s, the sweep's best shape 271.2;
/// He 2024). Where a device or precision was not measured the default is the median efficiency of the measured
/// devices of the same precision family (bf16 stands for the 16- and 32-bit tensor formats, fp8 for fp8), computed
/// from the file itself, so no number is typed in by hand.
/// </summary>
public sealed class MatmulCeilings
{
    // MAMF table names → catalog accelerator ids. "H100 SXM" carries the note "H200 is the same", so its bf16 row
    // also serves h200-sxm-141gb; the A100 SXM row was measured on one memory size and serves both.
    private static readonly (string Mamf, string[] Ids)[] s_names =
    [
        ("NVIDIA A100 SXM", ["a100-sxm4-40gb", "a100-sxm4-80gb"]),
        ("NVIDIA A100 PCIe", ["a100-pcie-40gb", "a100-pcie-80gb"]),
        ("NVIDIA H100 SXM", ["h100-sxm5-80gb", "h200-sxm-141gb"]),
        ("NVIDIA H200 SXM", ["h200-sxm-141gb"]),
        ("NVIDIA B200 SXM", ["b200-sxm-180gb"]),
        ("NVIDIA GB200 SXM", ["gb200"]),
        ("AMD MI300X", ["mi300x"]),
        ("AMD MI325X", ["mi325x"]),
        ("Intel Gaudi 2", ["gaudi-2"]),
        ("Intel Gaudi 3", ["gaudi-3"]),
    ];

    private readonly Dictionary<(string Id, Precision Precision), double> _measured = [];

    private readonly Dictionary<(string Id, Precision Precision), MatmulShape> _shapes = [];

    private readonly Dictionary<(string Id, Precision Precision), string> _origins = [];

    internal MatmulCeilings(CsvTable table)
    {
        // The lowest row of each device and precision (see the summary), in file order among equals.
        var chosen = new Dictionary<(string Device, Precision Precision), CsvRow>();
        var efficiencyOf = new Dictionary<CsvRow, double>();
        foreach (CsvRow row in table.Rows)
        {
            double mamf = row.Number("mamf_tflops") ?? throw new FormatException($"{row.Location}: mamf_tflops is empty");
            double peak = row.Number("theoretical_tflops") ?? throw new FormatException($"{row.Location}: theoretical_tflops is empty");
            efficiencyOf[row] = mamf / peak;
            (string, Precision) key = (row["accelerator"], row["dtype"].StartsWith("fp8", StringComparison.Ordinal) ? Precision.Fp8 : Precision.Bf16);
            if (!chosen.TryGetValue(key, out CsvRow? current) || efficiencyOf[row] < efficiencyOf[current])
            {
                chosen[key] = row;
            }
        }

        List<double> bf16 = [];
        List<double> fp8 = [];
        foreach (((string device, Precision precision), CsvRow row) in chosen)
        {
            double efficiency = efficiencyOf[row];
            (precision == Precision.Fp8 ? fp8 : bf16).Add(efficiency);
            foreach ((string mamfName, string[] ids) in s_names)
            {
                if (mamfName != device)
                {
                    continue;
                }

                foreach (string id in ids)
                {
                    // A row measured on the device itself wins over a row borrowed from a sibling ("H200 is the same").
                    bool own = ids.Length == 1 || id.StartsWith(CatalogIds.ToKebab(mamfName.Split(' ')[1]), StringComparison.Ordinal);
                    if (own || !_measured.ContainsKey((id, precision)))
                    {
                        _measured[(id, precision)] = efficiency;
                        _origins[(id, precision)] = $"{row["mamf_tflops"]} TFLOP/s at {row["best_shape_MxNxK"]} ({row["source"]})";
                        if (MatmulShape.TryParse(row["best_shape_MxNxK"]) is { } shape)
                        {
                            _shapes[(id, precision)] = shape;
                        }
                        else
                        {
                            _shapes.Remove((id, precision));
                        }
                    }
                }
            }
        }

        DefaultBf16 = Median(bf16);
        DefaultFp8 = Median(fp8);
    }

    /// <summary>Median measured bf16 efficiency: the default for unmeasured 16/32-bit formats.</summary>
    public double DefaultBf16 { get; }

    /// <summary>Median measured fp8 efficiency: the default for unmeasured fp8.</summary>
    public double DefaultFp8 { get; }

    /// <summary>The measurement a device's ceiling comes from ("257.5 TFLOP/s at 8192x8192x8192 (source)"), or null when the default applies; fp16 borrows bf16's.</summary>
    public string? OriginOf(string acceleratorId, Precision precision) =>
        _origins.TryGetValue((acceleratorId, precision == Precision.Fp16 ? Precision.Bf16 : precision), out string? origin) ? origin : null;

    /// <summary>True when the device was measured in this precision (false means the default applies).</summary>
    public bool IsMeasured(string acceleratorId, Precision precision) => _measured.ContainsKey((acceleratorId, precision));

    /// <summary>Ceiling per precision for a device: measured bf16 also stands for fp16 (same tensor cores).</summary>
    public ImmutableDictionary<Precision, double> For(string acceleratorId, IEnumerable<Precision> precisions)
    {
        ImmutableDictionary<Precision, double>.Builder result = ImmutableDictionary.CreateBuilder<Precision, double>();
        foreach (Precision p in precisions)
        {
            Precision measuredAs = p == Precision.Fp16 ? Precision.Bf16 : p;
            result[p] = _measured.TryGetValue((acceleratorId, measuredAs), out double e) ? e
                : p == Precision.Fp8 ? DefaultFp8 : DefaultBf16;
        }

        return result.ToImmutable();
    }

    /// <summary>
    /// The GEMM shape each measured ceiling was reached at, per precision (fp16 borrows bf16's); precisions that
    /// take a default ceiling have none.
    /// </summary>
    public ImmutableDictionary<Precision, MatmulShape> ShapesFor(string acceleratorId, IEnumerable<Precision> precisions)
    {
        ImmutableDictionary<Precision, MatmulShape>.Builder result = ImmutableDictionary.CreateBuilder<Precision, MatmulShape>();
        foreach (Precision p in precisions)
        {
            if (_shapes.TryGetValue((acceleratorId, p == Precision.Fp16 ? Precision.Bf16 : p), out MatmulShape shape))
            {
                result[p] = shape;
            }
        }

        return result.ToImmutable();
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 1.0;
        }

        double[] sorted = [.. values.Order()];
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
