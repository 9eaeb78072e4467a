using System.Collections.Immutable;
using System.Globalization;

using DeepScale.Core.Units;
using DeepScale.Experiments.Results;
using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// Megatron-LM weak scaling on DGX A100 (Narayanan et al. 2021, SC'21, Table 1; shared/refdata/megatron_sc21_table1.csv):
/// ten GPT models from 1.7B to 1T parameters on 32 to 3,072 GPUs, compared on the achieved TFLOP/s per GPU of Eq. 3
/// computed from the predicted iteration time. Target (DeepScale's accuracy goal): MAPE ≤ 3%, no row worse than 6%.
/// </summary>
public sealed class MegatronTable1Suite : IValidationSuite
{
    public const string FileName = "megatron_sc21_table1.csv";

    public string Name => "megatron-table1";

    public string Title => "Megatron-LM SC21 Table 1: GPT 1.7B–1T weak scaling on DGX A100 (Narayanan et al. 2021)";

    public SuiteResult Run(ReferenceData data, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        CsvTable table = data.Table(FileName);
        var rows = new SuiteRows();
        int notFitting = 0;
        var computeShortfall = new List<double>();
        foreach (CsvRow row in table.Rows)
        {
            MegatronRun run = RunOf(row, data);
            double published = Required(row, "achieved_tflops_per_gpu");
            string label = $"{row["model_params_billion"]}B";
            rows.Compare(label, () =>
            {
                (RunResult result, FlopRate achieved) = run.Simulate(options);
                notFitting += result.Memory.Fits ? 0 : 1;
                computeShortfall.Add(ComputeShareOfPublished(run, result, published));
                return new ValidationRow(label, Inputs(row, run), achieved.Teraflops, published);
            });
        }

        var notes = new List<string>();
        if (computeShortfall.Count > 0)
        {
            int shorter = computeShortfall.Count(f => f < 1);
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"in {shorter} of {computeShortfall.Count} rows the predicted compute alone (forward + backward + recompute + optimizer, no communication, no bubble) is shorter than the whole published iteration implied by Eq. 3: it is {computeShortfall.Min() * 100:0}–{computeShortfall.Max() * 100:0}% of it"));
        }

        if (notFitting > 0)
        {
            notes.Add($"{notFitting} row(s) do not fit in 80 GB as simulated (memory.fits = false); their time is still compared");
        }
        return new SuiteResult
        {
            Name = Name,
            Title = Title,
            Quantity = "achieved TFLOP/s per GPU (Eq. 3)",
            Fidelity = options.Fidelity,
            Target = new ValidationTarget(3, 6, "DeepScale's accuracy goal for Megatron-LM SC21: MAPE ≤ 3%, no row worse than 6%") { Guard = (6, 11) },
            InputColumns = Columns,
            Rows = rows.Rows,
            Skipped = rows.Skipped,
            Settings = [MegatronScripts.Describe(data, "table1"), .. MegatronRun.Rule.Skip(2).Select(r =>
                r.EndsWith(MegatronRun.PipelineSendsLine, StringComparison.Ordinal) ? "no overlap of " + MegatronRun.PipelineSendsLine : r)],
            Calibration = CalibrationNotes.ForSystem(options.CatalogOrDefault, "dgx-a100-80gb", Precision.Fp16),
            CalibrationSummary = CalibrationNotes.Summary(options.CatalogOrDefault, "dgx-a100-80gb", Precision.Fp16),
            Notes = [.. notes],
        };
    }

    /// <summary>Input columns of the suite's CSV.</summary>
    public static ImmutableArray<string> Columns { get; } =
    [
        "model_params_billion", "layers", "hidden", "heads", "tensor", "pipeline", "data", "gpus", "global_batch",
        "micro_batch", "schedule", "virtual_stages",
    ];

    /// <summary>The run of one Table 1 row with the micro-batch, interleaving and DDP of the authors' script for it (<see cref="MegatronScripts"/>).</summary>
    public static MegatronRun RunOf(CsvRow row, ReferenceData data)
    {
        ArgumentNullException.ThrowIfNull(row);
        MegatronRun run = ShapeOf(row);
        CsvRow script = MegatronScripts.Row(data, "table1", row["model_params_billion"]);
        if ((Int(script, "tensor_parallel"), Int(script, "pipeline_parallel"), Int(script, "global_batch_size")) != (run.Tensor, run.Pipeline, run.GlobalBatch))
        {
            throw new ReferenceDataException(MegatronScripts.FileName, $"{script.Location}: tensor, pipeline or global batch differ from {row.Location}");
        }

        return MegatronScripts.Apply(run, script);
    }

    private static MegatronRun ShapeOf(CsvRow row)
    {
        return new MegatronRun
        {
            Name = $"sc21-table1-{row["model_params_billion"]}b",
            Model = GptShape.Of(row, "vocab_size"),
            Tensor = Int(row, "tensor_parallel"),
            Pipeline = Int(row, "pipeline_parallel"),
            Gpus = Int(row, "num_gpus"),
            GlobalBatch = Int(row, "global_batch_size"),
        };
    }

    /// <summary>
    /// Predicted compute time (forward, backward, recompute, optimizer) over the iteration time the published
    /// TFLOP/s implies through Eq. 3: below 1 means compute alone is faster than the whole published iteration.
    /// </summary>
    private static double ComputeShareOfPublished(MegatronRun run, RunResult result, double publishedTeraflops)
    {
        FlopCount flops = MegatronFlops.PerIteration(run.GlobalBatch, run.Model.SeqLen, run.Model.Layers, run.Model.Hidden, run.Model.Vocab);
        Duration implied = flops / (FlopRate.FromTera(publishedTeraflops) * run.Gpus);
        BreakdownResult b = result.BreakdownS;
        return (b.Forward + b.Backward + b.Recompute + b.Optimizer) / implied.Seconds;
    }

    private static ImmutableArray<string> Inputs(CsvRow row, MegatronRun run) =>
    [
        row["model_params_billion"], ValidationText.Integer(run.Model.Layers), ValidationText.Integer(run.Model.Hidden),
        ValidationText.Integer(run.Model.Heads), ValidationText.Integer(run.Tensor), ValidationText.Integer(run.Pipeline),
        ValidationText.Integer(run.Data), ValidationText.Integer(run.Gpus), ValidationText.Integer(run.GlobalBatch),
        ValidationText.Integer(run.MicroBatch), run.Schedule, ValidationText.Integer(run.VirtualStages),
    ];

    internal static int Int(CsvRow row, string column) =>
        row.Integer(column) ?? throw new ReferenceDataException(row.File, $"{row.Location}: {column} is empty or not an integer");

    internal static double Required(CsvRow row, string column) =>
        row.Number(column) ?? throw new ReferenceDataException(row.File, $"{row.Location}: {column} is empty or not a number");
}
