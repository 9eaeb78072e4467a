using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Experiments.Results;
using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// Megatron-LM a year after SC'21: sequence parallelism and selective activation recomputation (Korthikanti et al.
/// 2022, "Reducing Activation Recomputation in Large Transformer Models"). Table 3 gives four GPT models (22B, 175B,
/// 530B, 1T) with their split, batch and micro-batch, Sec. 6 the interleaving (three chunks per GPU for 175B and
/// 530B) and Table 5 each model's iteration time with full recomputation and with the paper's method; the abstract
/// and Sec. 6.3 give the 530B model scaled to 8-way data parallelism on 2,240 A100. Compared on Model FLOPs
/// Utilization with the paper's model-FLOP count (<see cref="MegatronFlops.ModelFlopsPerIteration"/>) over the
/// 312 TFLOP/s peak; where the paper prints an iteration time but no MFU, the published MFU is that time's.
/// Target (set here): MAPE ≤ 10%.
/// </summary>
public sealed class MegatronMfuSuite : IValidationSuite
{
    public const string FileName = "korthikanti2022_mfu.csv";

    /// <summary>A100 dense fp16/bf16 peak, the denominator of MFU (shared/refdata/README.md).</summary>
    private static readonly FlopRate Peak = FlopRate.FromTera(312);

    public string Name => "megatron-mfu-2022";

    public string Title => "Megatron-LM 2022: GPT 22B–1T with full or selective recomputation, Model FLOPs Utilization (Korthikanti et al. 2022)";

    /// <summary>Input columns of the suite's CSV.</summary>
    public static ImmutableArray<string> Columns { get; } =
        ["model", "layers", "hidden", "heads", "seq_len", "gpus", "tensor", "pipeline", "virtual_stages", "global_batch", "micro_batch",
            "recompute", "sequence_parallel", "tp_comm"];

    /// <summary>The run of a row: Table 3's configuration as the row gives it, and the overlap Megatron-LM had in 2022.</summary>
    public static MegatronRun RunOf(CsvRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        int gpus = MegatronTable1Suite.Int(row, "num_gpus");
        bool sequenceParallel = string.Equals(row["sequence_parallel"], "true", StringComparison.OrdinalIgnoreCase);
        return new MegatronRun
        {
            Name = $"korthikanti-{row["model"]}-{gpus}-{row["recompute"]}".ToLowerInvariant(),
            Model = GptShape.Of(row),
            Tensor = MegatronTable1Suite.Int(row, "tensor"),
            Pipeline = MegatronTable1Suite.Int(row, "pipeline"),
            GivenVirtualStages = MegatronTable1Suite.Int(row, "virtual_stages"),
            Gpus = gpus,
            GlobalBatch = MegatronTable1Suite.Int(row, "global_batch"),
            MicroBatch = MegatronTable1Suite.Int(row, "micro_batch"),
            Recompute = row["recompute"],
            SequenceParallel = sequenceParallel,
            // Sec. 6.2: the backward overlaps the tensor-parallel all-reduce with the weight-gradient GEMM (and, with
            // sequence parallelism, the all-gather with the input gradient): Megatron-LM's asynchronous collectives.
            TpComm = "backward",
        };
    }

    public SuiteResult Run(ReferenceData data, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        CsvTable table = data.Table(FileName);
        var rows = new SuiteRows();
        foreach (CsvRow row in table.Rows)
        {
            MegatronRun run = RunOf(row);
            GptShape m = run.Model;
            FlopCount model = MegatronFlops.ModelFlopsPerIteration(run.GlobalBatch, m.SeqLen, m.Layers, m.Hidden, m.Vocab);
            double published = row.Number("mfu_pct") ?? PublishedMfu(model, MegatronTable1Suite.Required(row, "iteration_time_s"), run.Gpus);
            string label = string.Create(CultureInfo.InvariantCulture,
                $"{row["model"]} {run.Gpus} GPUs {run.Recompute}{(run.SequenceParallel ? " + SP" : "")}");
            rows.Compare(label, () =>
            {
                RunResult result = options.Simulate(run.ToSpecYaml(), run.Name);
                double mfu = 100 * (MegatronFlops.AchievedPerGpu(model, Duration.FromSeconds(result.IterationTimeS), run.Gpus) / Peak);
                ImmutableArray<string> inputs =
                [
                    row["model"], ValidationText.Integer(m.Layers), ValidationText.Integer(m.Hidden), ValidationText.Integer(m.Heads),
                    ValidationText.Integer(m.SeqLen), ValidationText.Integer(run.Gpus), ValidationText.Integer(run.Tensor),
                    ValidationText.Integer(run.Pipeline), ValidationText.Integer(run.VirtualStages), ValidationText.Integer(run.GlobalBatch),
                    ValidationText.Integer(run.MicroBatch), run.Recompute, run.SequenceParallel ? "true" : "false", run.TpComm,
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
            Target = new ValidationTarget(10, null, "set by this suite: the ±10% band (no published accuracy goal)") { Guard = (4, 8) },
            Scope = "every row",
            InputColumns = Columns,
            Rows = rows.Rows,
            Skipped = rows.Skipped,
            Settings =
            [
                "model shape, split, batch and micro-batch: Table 3 (22B on 8 GPUs, 175B on 64, 530B on 280, 1T on 512; no data parallelism); the 2,240-GPU rows: the 530B configuration with 8-way data parallelism and 8 times the batch (Sec. 6.3)",
                "interleaved 1F1B with 3 chunks per GPU for 175B and 530B (Sec. 6); 1F1B for 1T; no pipeline for 22B",
                "full recomputation without sequence parallelism, or selective recomputation with it, as the row says",
                .. SharedSettings,
            ],
            Calibration = CalibrationNotes.ForSystem(options.CatalogOrDefault, "dgx-a100-80gb", Precision.Fp16),
            CalibrationSummary = CalibrationNotes.Summary(options.CatalogOrDefault, "dgx-a100-80gb", Precision.Fp16),
            Notes = ["published MFU: as printed (abstract, Sec. 6.3, Table 5's \"present work\"), or, for Table 5's full-recomputation rows, the printed iteration time through Eq. 7"],
        };
    }

    /// <summary>
    /// The settings of Megatron-LM 2022 that its per-layer table shares: the backward's tensor-parallel collectives
    /// beside its GEMMs, and the 2021 rule's lines from precision on, but recomputation (the rows give it).
    /// </summary>
    internal static IEnumerable<string> SharedSettings =>
    [
        "tensor-parallel collectives of the backward beside its GEMMs, on NCCL (overlap.tp_comm: backward; Sec. 6.2); forward collectives block",
        .. MegatronRun.Rule.Skip(2).Where(r => !r.StartsWith("activation recomputation", StringComparison.Ordinal)),
    ];

    /// <summary>The MFU of a published iteration time: Eq. 7's model FLOPs over the time, the GPUs and the peak, in %.</summary>
    private static double PublishedMfu(FlopCount model, double iterationSeconds, int gpus) =>
        100 * (MegatronFlops.AchievedPerGpu(model, Duration.FromSeconds(iterationSeconds), gpus) / Peak);
}
