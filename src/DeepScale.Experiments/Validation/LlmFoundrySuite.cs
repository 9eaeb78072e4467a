using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Experiments.Results;
using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// MosaicML's MPT training benchmarks (llm-foundry, scripts/train/benchmarking/README.md): GPT-style models from
/// 125M to 30B parameters trained with PyTorch FSDP on one node of 8 H100 80GB or 8 A100 80GB in bf16, sequences of
/// 512 to 65,536 tokens, with and without activation checkpointing, each row's measured tokens/s per GPU. The
/// model is GPT-2-shaped (learned positions, biases, LayerNorm, GELU MLP of 4·d, tied embeddings, no dropout);
/// attention runs as a fused kernel of the first FlashAttention's generation (the benchmarks' Triton attention).
/// Compared on tokens/s per GPU.
/// Target (set here): MAPE ≤ 10%.
/// </summary>
public sealed class LlmFoundrySuite : IValidationSuite
{
    public const string FileName = "llm_foundry_mpt_throughput.csv";

    public string Name => "llm-foundry-mpt";

    public string Title => "MPT 125M–30B on 8 H100 or 8 A100 with PyTorch FSDP, tokens/s per GPU (MosaicML llm-foundry benchmarks)";

    /// <summary>Input columns of the suite's CSV.</summary>
    public static ImmutableArray<string> Columns { get; } =
        ["gpu", "model", "layers", "hidden", "heads", "seq_len", "gpus", "micro_batch", "grad_accum", "global_batch", "sharding", "activation_checkpointing"];

    /// <summary>The rule for what the table does not give, one setting per line.</summary>
    public static ImmutableArray<string> Rule { get; } =
    [
        "model: family gpt (learned positions, biases, LayerNorm, GELU MLP of 4·d) with tied embeddings and no dropout, as MPT's benchmark models are; shape from llm-foundry's mpt-<size>.yaml, checked against the table's parameter count",
        "attention: flash-triton (the benchmarks ran MPT's Triton flash attention, a kernel of the first FlashAttention's generation: 25–40% of peak on A100, Dao 2023, whose grid splits the sequence into query blocks)",
        "fused_kernels: false (MPT's block runs PyTorch's own GELU and residual additions, not Megatron's fused bias-GELU and bias-dropout-add kernels)",
        "FSDP FULL_SHARD as ZeRO-3 with layer-sized collectives, parameter gathers prefetched beside compute and gradient reduce-scatters overlapped with the backward (FSDP's default prefetch)",
        "activation checkpointing as full recomputation; micro-batch and gradient accumulation as the row gives them",
        "bf16 compute and communication, AdamW as adam; FSDP's DEFAULT mixed precision reduces gradients in fp32, which this suite does not model",
        "one node: dgx-h100 for the H100 rows, dgx-a100-80gb for the A100 rows (8 GPUs on NVSwitch)",
        ProductionVariation.RuleLine,
    ];

    public SuiteResult Run(ReferenceData data, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        CsvTable table = data.Table(FileName);
        var rows = new SuiteRows();
        int notFitting = 0;
        foreach (CsvRow row in table.Rows)
        {
            string gpu = row["gpu"];
            int seq = MegatronTable1Suite.Int(row, "seq_len");
            int gpus = MegatronTable1Suite.Int(row, "gpus");
            string label = string.Create(CultureInfo.InvariantCulture, $"{row["model"]} {gpu} seq {seq}");
            rows.Compare(label, () =>
            {
                RunResult result = options.Simulate(SpecYaml(row), label.Replace(' ', '-'));
                notFitting += result.Memory.Fits ? 0 : 1;
                ImmutableArray<string> inputs =
                [
                    gpu, row["model"], row["n_layers"], row["d_model"], row["n_heads"], ValidationText.Integer(seq), ValidationText.Integer(gpus),
                    row["micro_batch"], row["grad_accum"], row["global_batch"], row["sharding_strategy"], row["activation_checkpointing"],
                ];
                return new ValidationRow(label, inputs, result.TokensPerS / gpus, MegatronTable1Suite.Required(row, "tokens_per_s_per_gpu"));
            });
        }

        return new SuiteResult
        {
            Name = Name,
            Title = Title,
            Quantity = "tokens/s per GPU",
            Fidelity = options.Fidelity,
            Target = new ValidationTarget(10, null, "set by this suite: the ±10% band (no published accuracy goal)") { Guard = (11, 39) },
            Scope = "every row",
            InputColumns = Columns,
            Rows = rows.Rows,
            Skipped = rows.Skipped,
            Settings = Rule,
            Calibration =
            [
                .. CalibrationNotes.ForSystem(options.CatalogOrDefault, "dgx-h100", Precision.Bf16),
                .. CalibrationNotes.ForSystem(options.CatalogOrDefault, "dgx-a100-80gb", Precision.Bf16),
            ],
            CalibrationSummary = CalibrationNotes.Summary(options.CatalogOrDefault, "dgx-h100", Precision.Bf16),
            Notes = notFitting == 0 ? []
                : [$"{notFitting} row(s) do not fit in 80 GB as simulated (memory.fits = false) although the benchmark ran them; their time is still compared"],
        };
    }

    /// <summary>The scenario spec of one row, as <see cref="Rule"/> fixes what the table leaves out.</summary>
    public static string SpecYaml(CsvRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        string system = row["gpu"] switch
        {
            "h100-80gb" => "dgx-h100",
            "a100-80gb" => "dgx-a100-80gb",
            string other => throw new ReferenceDataException(FileName, $"{row.Location}: gpu '{other}' is neither h100-80gb nor a100-80gb"),
        };
        int zero = row["sharding_strategy"] switch
        {
            "FULL_SHARD" => 3,
            "SHARD_GRAD_OP" => 2,
            string other => throw new ReferenceDataException(FileName, $"{row.Location}: sharding_strategy '{other}' is not FULL_SHARD or SHARD_GRAD_OP"),
        };
        string recompute = row["activation_checkpointing"] == "true" ? "full" : "none";
        return string.Create(CultureInfo.InvariantCulture, $$"""
            name: {{row["model"]}}-{{row["gpu"]}}-{{row["seq_len"]}}
            model:
              family: gpt
              layers: {{row["n_layers"]}}
              hidden: {{row["d_model"]}}
              heads: {{row["n_heads"]}}
              seq_len: {{row["seq_len"]}}
              vocab: {{row["vocab"]}}
              dropout: false
              tied_embeddings: true
            cluster:
              system: {{system}}
              gpus: {{row["gpus"]}}
              {{ProductionVariation.Yaml}}
            parallelism:
              zero: {{zero}}
              recompute: {{recompute}}
              overlap: { grad_reduce: true, param_gather: true }
            training:
              global_batch: {{row["global_batch"]}}
              micro_batch: {{row["micro_batch"]}}
              precision: bf16
              optimizer: adam
              attention: flash-triton
              fused_kernels: false

            """);
    }
}
