using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// Dense bf16 GEMM throughput by shape as XLA measured it for its GPU cost model (<c>matmul_interpolator_data.h</c>):
/// batch 1, 2 or 4 and M, N, K from 256 to 4096 on sm_90 (H100) and sm_100 (B200), 375 shapes each. Predicted by
/// the compute cost model (measured ceiling × tile and wave quantization, output stores, launch included) and compared on
/// TFLOP/s. Scored: GEMMs of at least 1 GFLOP, where the kernel rather than its launch sets the time.
/// Target (set here): MAPE ≤ 10%.
/// </summary>
public sealed class XlaGemmSuite : IValidationSuite
{
    public const string FileName = "xla_gemm_bf16.csv";

    /// <summary>Smallest GEMM in the target's scope.</summary>
    public static readonly FlopCount ScoredFrom = FlopCount.FromGiga(1);

    public string Name => "xla-gemm";

    public string Title => "XLA's measured bf16 GEMM throughput by shape on sm_90 (H100) and sm_100 (B200) (XLA GPU cost model tables)";

    /// <summary>Input columns of the suite's CSV.</summary>
    public static ImmutableArray<string> Columns { get; } = ["arch", "accelerator", "batch", "m", "n", "k", "gflop", "scored"];

    public SuiteResult Run(ReferenceData data, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        CsvTable table = data.Table(FileName);
        HardwareCatalog catalog = options.CatalogOrDefault;
        var models = new Dictionary<string, ComputeCostModel>();
        var rows = new SuiteRows();
        foreach (CsvRow row in table.Rows)
        {
            string accelerator = row["accelerator"];
            var shape = new GemmShape(MegatronTable1Suite.Int(row, "m"), MegatronTable1Suite.Int(row, "n"), MegatronTable1Suite.Int(row, "k"),
                MegatronTable1Suite.Int(row, "batch"));
            var flops = new FlopCount(shape.Flops);
            double published = new FlopRate(MegatronTable1Suite.Required(row, "flops_per_s")).Teraflops;
            bool scored = flops >= ScoredFrom;
            string label = string.Create(CultureInfo.InvariantCulture, $"{row["arch"]} {shape.Batch}×{shape.M}×{shape.N}×{shape.K}");
            rows.Compare(label, () =>
            {
                if (!models.TryGetValue(accelerator, out ComputeCostModel? model))
                {
                    model = new ComputeCostModel(catalog.Accelerator(accelerator), catalog.EfficiencyProfile(accelerator));
                    models[accelerator] = model;
                }

                ImmutableArray<string> inputs =
                [
                    row["arch"], accelerator, ValidationText.Integer(shape.Batch), ValidationText.Integer(shape.M), ValidationText.Integer(shape.N),
                    ValidationText.Integer(shape.K), ValidationText.Number(flops.Teraflops * 1000), scored ? "yes" : "no",
                ];
                return new ValidationRow(label, inputs, model.GemmThroughput(shape, Precision.Bf16).Teraflops, published) { Scored = scored };
            });
        }

        return new SuiteResult
        {
            Name = Name,
            Title = Title,
            Quantity = "GEMM throughput (TFLOP/s, bf16)",
            Fidelity = options.Fidelity,
            Target = new ValidationTarget(10, null, "set by this suite: the ±10% band (no published accuracy goal)") { Guard = (19, null) },
            Scope = "GEMMs of at least 1 GFLOP",
            InputColumns = Columns,
            Rows = rows.Rows,
            Skipped = rows.Skipped,
            Settings =
            [
                "sm_90 as h100-sxm5-80gb and sm_100 as b200-sxm-180gb (the table names only the architecture)",
                "row-major operands without transposition; each kernel's launch latency included, as the measured time includes it",
            ],
            CalibrationSummary = "GEMM ceiling: each device's MAMF row; SMs, L2 and launch: documented defaults; fitted to this table: nothing",
            Calibration =
            [
                .. new[] { "h100-sxm5-80gb", "b200-sxm-180gb" }.Select(id => FormattableString.Invariant(
                    $"{id}: GEMM ceiling {catalog.Accelerator(id).MatmulCeiling.GetValueOrDefault(Precision.Bf16) * 100:0.#}% of the bf16 peak from its own row of shared/refdata/mamf_matmul_tflops.csv, reproduced at its shape; tile and wave quantization over {catalog.EfficiencyProfile(id).StreamingMultiprocessors} SMs in clusters of 2 blocks; the last wave's output stores exposed")),
                "nothing was fitted to this table",
            ],
        };
    }
}
