using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// GPipe's pipeline throughput (Huang et al. 2019, Table 2; shared/refdata/gpipe_pipeline_throughput.csv): the
/// training throughput of Transformer-48 with K = 2, 4, 8 partitions and M = 1, 4, 32 micro-batches under the GPipe
/// schedule with re-materialization, normalized to K = 2, M = 1. The rows ran on Cloud TPU v3 cores, which have no
/// efficiency profile in DeepScale; because each row is a ratio to a baseline on the same device, the suite runs
/// them on the closest documented device, a V100 SXM2 32 GB in a DGX-2 (125 TFLOP/s fp16, 32 GB, 900 GB/s against
/// the TPU v3 chip's 123 TFLOP/s bf16, 32 GiB, 900 GB/s; accelerators.csv), one GPU per partition, and says so.
/// AmoebaNet-D is not in the model zoo and Table 3 ran on P100s, which are not in the catalog: those rows are not
/// runnable. Target (set here): MAPE ≤ 10%, the ±10% band.
/// </summary>
public sealed class GpipeSuite : IValidationSuite
{
    public const string FileName = "gpipe_pipeline_throughput.csv";

    /// <summary>Mini-batch of every run: the smallest that every M of the table divides (one sequence per micro-batch at M = 32).</summary>
    public const int GlobalBatch = 32;

    /// <summary>The stand-in system and accelerator.</summary>
    public const string System = "dgx-2";

    public const string Accelerator = "v100-sxm2-32gb";

    public string Name => "gpipe";

    public string Title => "GPipe Table 2: Transformer-48 normalized throughput vs partitions K and micro-batches M (Huang et al. 2019)";

    /// <summary>Input columns of the suite's CSV.</summary>
    public static ImmutableArray<string> Columns { get; } =
        ["table", "model", "partitions", "microbatches", "global_batch", "micro_batch", "hardware_published", "hardware_simulated", "scored"];

    public SuiteResult Run(ReferenceData data, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        CsvTable table = data.Table(FileName);
        var rows = new SuiteRows();
        double? baseline = null;
        foreach (CsvRow row in table.Rows)
        {
            string model = row["model"];
            int k = MegatronTable1Suite.Int(row, "num_partitions_K");
            int m = MegatronTable1Suite.Int(row, "num_microbatches_M");
            string label = $"{(model == "Transformer-48" ? "T48" : "AmoebaNet")} K={k} M={m}";
            if (!row["table"].StartsWith("Table 2", StringComparison.Ordinal))
            {
                rows.Skip($"{row["table"]} {label}", "ran on P100 GPUs without NVLink; the catalog has no P100");
                continue;
            }

            if (model != "Transformer-48")
            {
                rows.Skip($"{row["table"]} {label}", "AmoebaNet-D (18, 256) is not in the model zoo (its cells are not expressible as a spec)");
                continue;
            }

            double published = MegatronTable1Suite.Required(row, "normalized_throughput");
            rows.Compare(label, () =>
            {
                baseline ??= SamplesPerSecond(2, 1, options);
                double samples = SamplesPerSecond(k, m, options);
                bool isBaseline = k == 2 && m == 1;
                ImmutableArray<string> inputs =
                [
                    row["table"], model, ValidationText.Integer(k), ValidationText.Integer(m), ValidationText.Integer(GlobalBatch),
                    ValidationText.Integer(GlobalBatch / m), row["hardware"], $"{Accelerator} in {System} (substitute)",
                    isBaseline ? "no" : "yes",
                ];
                return new ValidationRow(label, inputs, samples / baseline.Value, published) { Scored = !isBaseline };
            });
        }

        return new SuiteResult
        {
            Name = Name,
            Title = Title,
            Quantity = "throughput normalized to K = 2, M = 1",
            Fidelity = options.Fidelity,
            Substitution = $"{Accelerator} GPUs in a {System} node stand in for Cloud TPU v3 (no efficiency profile for tpu-v3)",
            Target = new ValidationTarget(10, null, "set by this suite: the ±10% band of the charts (no published accuracy goal)") { Guard = (18, null) },
            Scope = "the Transformer-48 rows of Table 2 other than the K = 2, M = 1 baseline (1 by construction)",
            InputColumns = Columns,
            Rows = rows.Rows,
            Skipped = rows.Skipped,
            Settings =
            [
                "Transformer-48 as a 48-layer GPT decoder stack: d_model 2048, FFN 8192, 32 heads, sequence 1024, vocabulary 32,000 (GPipe Sec. 3)",
                $"mini-batch {GlobalBatch} sequences for every row (the paper adjusted the batch to fit memory and does not give it); micro-batch = {GlobalBatch} / M",
                "GPipe schedule (all forwards, then all backwards), pipeline = K, one device per partition, no data parallelism",
                "full re-materialization (GPipe Sec. 2.3), fp16 (the stand-in has no bf16), Adam, unfused attention",
            ],
            Calibration = CalibrationNotes.ForSystem(options.CatalogOrDefault, System, Precision.Fp16),
            CalibrationSummary = CalibrationNotes.Summary(options.CatalogOrDefault, System, Precision.Fp16),
            Notes =
            [
                "a TPU v3 partition is one TensorCore (16 GB, half a chip); the stand-in is one whole V100 per partition, so absolute speeds differ and only the ratios are compared",
                "published ratios above the ideal bubble bound K·M/(M+K−1) ÷ 1 (e.g. 4.8 at K = 8, M = 4 against 2.9) show the paper's batch grew with K, which this suite cannot know",
            ],
        };
    }

    private static double SamplesPerSecond(int partitions, int microbatches, ValidationOptions options)
    {
        string yaml = string.Create(CultureInfo.InvariantCulture, $$"""
            name: gpipe-transformer48-k{{partitions}}-m{{microbatches}}
            model:
              family: gpt
              layers: 48
              hidden: 2048
              heads: 32
              ffn_hidden: 8192
              seq_len: 1024
              vocab: 32000
            cluster:
              system: {{System}}
              gpu: {{Accelerator}}
              gpus_per_node: {{partitions}}
            parallelism:
              pipeline: {{partitions}}
              schedule: gpipe
              recompute: full
            training:
              global_batch: {{GlobalBatch}}
              micro_batch: {{GlobalBatch / microbatches}}
              precision: fp16
              optimizer: adam
              attention: unfused

            """);
        return options.Simulate(yaml, $"gpipe K={partitions} M={microbatches}").SamplesPerS;
    }
}
