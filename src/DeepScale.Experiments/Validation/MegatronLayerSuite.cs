using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// One transformer layer's forward and backward time (Korthikanti et al. 2022, Table 4): the 22B GPT of Table 3 with
/// 8-way tensor parallelism on one DGX A100, micro-batch 4, under five recomputation and sequence-parallel settings.
/// The finest-grained published Megatron-LM measurement: it separates the kernels and tensor-parallel collectives of
/// a layer from pipeline, data-parallel and optimizer effects. Each setting gives two scored rows, the forward and the
/// backward (with recomputation, the backward includes the recomputed forward, as the paper's timers do). The
/// prediction is the layer's period on rank 0's compute stream in the middle of the replayed stack
/// (<see cref="LayerPeriods"/>); the replay runs at symmetric fidelity whatever the options ask, since the analytical
/// estimate has no timeline. Target (set here): MAPE ≤ 10%.
/// </summary>
public sealed class MegatronLayerSuite : IValidationSuite
{
    public const string FileName = "korthikanti2022_layer_times.csv";

    public string Name => "megatron-layer-2022";

    public string Title => "Megatron-LM 2022: one GPT-22B layer's forward and backward time, 8-way tensor parallel on DGX A100 (Korthikanti et al. 2022, Table 4)";

    /// <summary>Input columns of the suite's CSV.</summary>
    public static ImmutableArray<string> Columns { get; } =
        ["experiment", "pass", "layers", "hidden", "heads", "seq_len", "tensor", "micro_batch", "recompute", "sequence_parallel", "tp_comm"];

    /// <summary>The run of a row: Table 3's 22B configuration with the row's recomputation and sequence parallelism.</summary>
    public static MegatronRun RunOf(CsvRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new MegatronRun
        {
            Name = ("korthikanti-layer-" + row["experiment"].Replace(' ', '-').Replace("+", "plus", StringComparison.Ordinal)).ToLowerInvariant(),
            Model = GptShape.Of(row),
            Tensor = MegatronTable1Suite.Int(row, "tensor"),
            Gpus = MegatronTable1Suite.Int(row, "num_gpus"),
            GlobalBatch = MegatronTable1Suite.Int(row, "global_batch"),
            MicroBatch = MegatronTable1Suite.Int(row, "micro_batch"),
            Recompute = row["recompute"],
            SequenceParallel = string.Equals(row["sequence_parallel"], "true", StringComparison.OrdinalIgnoreCase),
            // Sec. 6.2: the backward overlaps the all-reduce with the weight-gradient GEMM.
            TpComm = "backward",
        };
    }

    public SuiteResult Run(ReferenceData data, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var rows = new SuiteRows();
        foreach (CsvRow row in data.Table(FileName).Rows)
        {
            MegatronRun run = RunOf(row);
            string experiment = row["experiment"];
            (Duration Forward, Duration Backward)? periods = null;
            (Duration Forward, Duration Backward) Periods() => periods ??= Measure(run, options);
            foreach ((string pass, string column) in new[] { ("forward", "forward_ms"), ("backward", "backward_ms") })
            {
                double published = MegatronTable1Suite.Required(row, column);
                rows.Compare($"{experiment} {pass}", () =>
                {
                    (Duration forward, Duration backward) = Periods();
                    double predicted = (pass == "forward" ? forward : backward).Milliseconds;
                    GptShape m = run.Model;
                    ImmutableArray<string> inputs =
                    [
                        experiment, pass, ValidationText.Integer(m.Layers), ValidationText.Integer(m.Hidden), ValidationText.Integer(m.Heads),
                        ValidationText.Integer(m.SeqLen), ValidationText.Integer(run.Tensor), ValidationText.Integer(run.MicroBatch),
                        run.Recompute, run.SequenceParallel ? "true" : "false", run.TpComm,
                    ];
                    return new ValidationRow($"{experiment} {pass}", inputs, Math.Round(predicted, 3), published);
                });
            }
        }

        return new SuiteResult
        {
            Name = Name,
            Title = Title,
            Quantity = "milliseconds per transformer layer",
            Fidelity = options.Fidelity,
            Target = new ValidationTarget(10, null, "set by this suite: the ±10% band (no published accuracy goal)") { Guard = (4, 7) },
            Scope = "every row",
            InputColumns = Columns,
            Rows = rows.Rows,
            Skipped = rows.Skipped,
            Settings =
            [
                "model, split and micro-batch: Table 3's 22B row (48 layers, hidden 6144, 64 heads, sequence 2048; 8-way tensor parallelism on the 8 GPUs of one node; micro-batch 4); recomputation and sequence parallelism as the row says",
                "measured: the period of layer 24 of 48 on rank 0's compute stream in a symmetric replay (at every fidelity: the analytical estimate has no timeline)",
                .. MegatronMfuSuite.SharedSettings,
            ],
            Calibration = CalibrationNotes.ForSystem(options.CatalogOrDefault, "dgx-a100-80gb", Precision.Fp16),
            CalibrationSummary = CalibrationNotes.Summary(options.CatalogOrDefault, "dgx-a100-80gb", Precision.Fp16),
            Notes = ["published: Table 4 as printed (forward, backward; with recomputation the backward includes the recomputed forward); the combined column is their sum and is not scored separately"],
        };
    }

    /// <summary>Replays the run with rank 0 traced and reads the middle layer's periods.</summary>
    private static (Duration Forward, Duration Backward) Measure(MegatronRun run, ValidationOptions options)
    {
        Scenario scenario = ScenarioLoader.LoadText(run.ToSpecYaml(), run.Name, options.CatalogOrDefault);
        ScenarioRunner.Outcome outcome = ScenarioRunner.Run(scenario,
            new RunOptions { Fidelity = Fidelity.Symmetric, Catalog = options.CatalogOrDefault, TraceRanks = 1 });
        return LayerPeriods.Of(outcome.Replay!.Spans, run.Model.Layers / 2);
    }
}
