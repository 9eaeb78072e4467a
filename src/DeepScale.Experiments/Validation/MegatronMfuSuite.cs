using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Experiments.Results;
using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// Megatron-LM a year after SC'21: sequence parallelism and selective activation recomputation (Korthikanti et al.
/// 2022, "Reducing Activation Recomputation in Large Transformer Models"), whose abstract gives the Model FLOPs
/// Utilization of the 530B GPT on 2,240 A100 with them (54.2%) and with full recomputation (42.1%). The abstract
/// gives neither the model's shape nor its split nor the batch; the rule fixes them once from the SC'21 paper's
/// 530B row of Table 1 (the same 105-layer, h = 20480 model, tensor 8 × pipeline 35, one sequence per GPU). Compared
/// on MFU with the paper's model-FLOP count (<see cref="MegatronFlops.ModelFlopsPerIteration"/>) over the
/// 312 TFLOP/s peak. Target (set here): MAPE ≤ 10%.
/// </summary>
public sealed class MegatronMfuSuite : IValidationSuite
{
    public const string FileName = "korthikanti2022_mfu.csv";

    /// <summary>The split of the 529.6B row of SC'21 Table 1 (model-parallel size 280).</summary>
    private const int Tensor = 8;

    private const int Pipeline = 35;

    /// <summary>A100 dense fp16/bf16 peak, the denominator of MFU (shared/refdata/README.md).</summary>
    private static readonly FlopRate Peak = FlopRate.FromTera(312);

    public string Name => "megatron-mfu-2022";

    public string Title => "Megatron-LM 2022: 530B on 2,240 A100 with selective or full recomputation, Model FLOPs Utilization (Korthikanti et al. 2022)";

    /// <summary>Input columns of the suite's CSV.</summary>
    public static ImmutableArray<string> Columns { get; } =
        ["model", "layers", "hidden", "heads", "seq_len", "gpus", "tensor", "pipeline", "global_batch", "recompute", "sequence_parallel"];

    public SuiteResult Run(ReferenceData data, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        CsvTable table = data.Table(FileName);
        var rows = new SuiteRows();
        foreach (CsvRow row in table.Rows)
        {
            int gpus = MegatronTable1Suite.Int(row, "num_gpus");
            bool sequenceParallel = string.Equals(row["sequence_parallel"], "true", StringComparison.OrdinalIgnoreCase);
            var run = new MegatronRun
            {
                Name = $"korthikanti-{row["model"]}-{gpus}-{row["recompute"]}".ToLowerInvariant(),
                Model = new GptShape(MegatronTable1Suite.Int(row, "num_layers"), MegatronTable1Suite.Int(row, "hidden_size"),
                    MegatronTable1Suite.Int(row, "attention_heads"), MegatronTable1Suite.Int(row, "seq_len"), MegatronTable1Suite.Int(row, "vocab")),
                Tensor = Tensor,
                Pipeline = Pipeline,
                Gpus = gpus,
                GlobalBatch = gpus,
                Recompute = row["recompute"],
                SequenceParallel = sequenceParallel,
            };
            string label = $"{row["model"]} {gpus} GPUs {row["recompute"]}{(sequenceParallel ? " + SP" : "")}";
            double published = MegatronTable1Suite.Required(row, "mfu_pct");
            rows.Compare(label, () =>
            {
                RunResult result = options.Simulate(run.ToSpecYaml(), run.Name);
                FlopCount model = MegatronFlops.ModelFlopsPerIteration(run.GlobalBatch, run.Model.SeqLen, run.Model.Layers, run.Model.Hidden, run.Model.Vocab);
                double mfu = 100 * (MegatronFlops.AchievedPerGpu(model, Duration.FromSeconds(result.IterationTimeS), gpus) / Peak);
                ImmutableArray<string> inputs =
                [
                    row["model"], ValidationText.Integer(run.Model.Layers), ValidationText.Integer(run.Model.Hidden),
                    ValidationText.Integer(run.Model.Heads), ValidationText.Integer(run.Model.SeqLen), ValidationText.Integer(gpus),
                    ValidationText.Integer(Tensor), ValidationText.Integer(Pipeline), ValidationText.Integer(run.GlobalBatch),
                    run.Recompute, sequenceParallel ? "true" : "false",
                ];
                return new ValidationRow(label, inputs, mfu, published);
            });
        }

        return new SuiteResult
        {
            Name = Name,
            Title = Title,
            Quantity = "Model FLOPs Utilization, % of 312 TFLOP/s (Korthikanti et al. Eq. 7)",
            Fidelity = options.Fidelity,
            Target = new ValidationTarget(10, null, "set by this suite: the ±10% band (no published accuracy goal)"),
            Scope = "both rows",
            InputColumns = Columns,
            Rows = rows.Rows,
            Skipped = rows.Skipped,
            Settings =
            [
                "model shape (105 layers, h = 20480, 128 heads, vocabulary 51,200), split (tensor 8 × pipeline 35, data = GPUs / 280) and one sequence per GPU per iteration: the 529.6B row of SC'21 Table 1 (the abstract gives none of them)",
                "micro-batch 1; 1f1b (Table 1's interleaving rule: 105 layers do not split into 2 chunks per stage of 35)",
                "selective recomputation with sequence parallelism, or full recomputation without it, as the row says",
                .. MegatronRun.Rule.Skip(2).Where(r => !r.StartsWith("activation recomputation", StringComparison.Ordinal)),
            ],
            Calibration = CalibrationNotes.ForSystem(options.CatalogOrDefault, "dgx-a100-80gb", Precision.Fp16),
            CalibrationSummary = CalibrationNotes.Summary(options.CatalogOrDefault, "dgx-a100-80gb", Precision.Fp16),
            Notes = ["the abstract's numbers are exact; the configuration they ran is inferred from SC'21 Table 1 as the settings say"],
        };
    }
}
