using System.Globalization;

using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.Validation;

/// <summary>
/// The settings of the authors' own run scripts for the SC'21 paper (NVIDIA/Megatron-LM <c>examples/sc21</c>;
/// <see cref="FileName"/>): micro-batch, layers per virtual pipeline stage and data-parallel implementation of each
/// Table 1 row and of the Figure 12 and 18 ablations, which the paper's tables and text leave out.
/// </summary>
public static class MegatronScripts
{
    public const string FileName = "megatron_sc21_scripts.csv";

    /// <summary>The script row of <paramref name="run"/> (<c>table1</c>, <c>figure12</c>, <c>figure18</c>) for a model of <paramref name="billions"/> parameters as the reference tables print them.</summary>
    public static CsvRow Row(ReferenceData data, string run, string billions)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Table(FileName).Rows.FirstOrDefault(r => r["run"] == run && r["model_params_billion"] == billions)
            ?? throw new ReferenceDataException(FileName, $"no {run} script row for the {billions}B model");
    }

    /// <summary>Applies a script row to a run: its micro-batch, its interleaving (layers / (pipeline · layers per virtual stage) model chunks per GPU, 1 without) and its DDP.</summary>
    public static MegatronRun Apply(MegatronRun run, CsvRow script)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(script);
        int perChunk = script.Integer("layers_per_virtual_stage") ?? 0;
        int layersPerStage = run.Model.Layers / run.Pipeline;
        if (perChunk < 0 || (perChunk > 0 && layersPerStage % perChunk != 0))
        {
            throw new ReferenceDataException(FileName, $"{script.Location}: {perChunk} layers per virtual stage do not divide the {layersPerStage} layers of a stage");
        }

        string ddp = script["ddp"];
        if (ddp is not ("torch" or "local"))
        {
            throw new ReferenceDataException(FileName, $"{script.Location}: ddp is \"{ddp}\", not torch or local");
        }

        return run with
        {
            MicroBatch = MegatronTable1Suite.Int(script, "micro_batch"),
            GivenVirtualStages = perChunk > 0 ? layersPerStage / perChunk : 1,
            GradReduceOverlap = ddp == "torch",
        };
    }

    /// <summary>The settings line a suite prints for the script rows of <paramref name="run"/>.</summary>
    public static string Describe(ReferenceData data, string run)
    {
        ArgumentNullException.ThrowIfNull(data);
        CsvRow[] rows = [.. data.Table(FileName).Rows.Where(r => r["run"] == run)];
        string Each(Func<CsvRow, string> part) => string.Join(", ", rows.Select(r => $"{r["model"]} {part(r)}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"micro-batch, interleaving and data-parallel implementation as the authors' script runs each row ({rows.FirstOrDefault()?["location"]}): " +
            $"micro-batch {Each(r => r["micro_batch"])}; layers per virtual stage {Each(r => r.Has("layers_per_virtual_stage") ? r["layers_per_virtual_stage"] : "— (1F1B)")}; " +
            $"DDP {Each(r => r["ddp"])} (torch: PyTorch DDP, gradient all-reduce overlapped with the backward pass; local: Megatron's, after it)");
    }
}
