using CsvHelper;

using DeepScale.Experiments.Results;

namespace DeepScale.Reporting.Csv;

/// <summary>
/// One simulated configuration flattened into a CSV row: the result contract's fields with the unit in each header
/// (<c>iteration_time_s</c>, <c>peak_gib</c>, <c>model_tflops_per_gpu</c>; fractions such as <c>mfu</c> are in
/// [0, 1]). <c>simulation_wall_s</c> is left out because it is wall-clock time: with it, two runs of one sweep
/// could not give byte-identical CSVs.
/// </summary>
[CsvRecord]
public sealed partial record PointRow
{
    /// <summary>Separates the names of overflowing memory parts inside the <c>overflowing</c> cell.</summary>
    public const char ListSeparator = ';';

    [CsvColumn("name")] public required string Name { get; init; }
    [CsvColumn("gpus")] public required int Gpus { get; init; }
    [CsvColumn("fidelity")] public required string Fidelity { get; init; }
    [CsvColumn("model_params")] public required long ModelParams { get; init; }
    [CsvColumn("iteration_time_s")] public required double IterationTimeS { get; init; }
    [CsvColumn("samples_per_s")] public required double SamplesPerS { get; init; }
    [CsvColumn("tokens_per_s")] public required double TokensPerS { get; init; }
    [CsvColumn("model_flops_per_iteration")] public required double ModelFlopsPerIteration { get; init; }
    [CsvColumn("model_tflops_per_gpu")] public required double ModelTflopsPerGpu { get; init; }
    [CsvColumn("hardware_tflops_per_gpu")] public required double HardwareTflopsPerGpu { get; init; }
    [CsvColumn("mfu")] public required double Mfu { get; init; }
    [CsvColumn("hfu")] public required double Hfu { get; init; }
    [CsvColumn("weights_gib")] public required double WeightsGib { get; init; }
    [CsvColumn("gradients_gib")] public required double GradientsGib { get; init; }
    [CsvColumn("optimizer_gib")] public required double OptimizerGib { get; init; }
    [CsvColumn("activations_gib")] public required double ActivationsGib { get; init; }
    [CsvColumn("other_gib")] public required double OtherGib { get; init; }
    [CsvColumn("peak_gib")] public required double PeakGib { get; init; }
    [CsvColumn("capacity_gib")] public required double CapacityGib { get; init; }
    [CsvColumn("fits")] public required bool Fits { get; init; }

    /// <summary>Overflowing memory parts, largest first, joined with <see cref="ListSeparator"/> (empty when it fits).</summary>
    [CsvColumn("overflowing")] public required string Overflowing { get; init; }

    [CsvColumn("forward_s")] public required double ForwardS { get; init; }
    [CsvColumn("backward_s")] public required double BackwardS { get; init; }
    [CsvColumn("recompute_s")] public required double RecomputeS { get; init; }
    [CsvColumn("optimizer_s")] public required double OptimizerS { get; init; }
    [CsvColumn("pipeline_bubble_s")] public required double PipelineBubbleS { get; init; }
    [CsvColumn("exposed_tp_comm_s")] public required double ExposedTpCommS { get; init; }
    [CsvColumn("exposed_pp_comm_s")] public required double ExposedPpCommS { get; init; }
    [CsvColumn("exposed_dp_comm_s")] public required double ExposedDpCommS { get; init; }
    [CsvColumn("data_stall_s")] public required double DataStallS { get; init; }
    [CsvColumn("gpu_compute_utilization")] public required double GpuComputeUtilization { get; init; }
    [CsvColumn("scale_up_utilization")] public required double ScaleUpUtilization { get; init; }
    [CsvColumn("scale_out_utilization")] public required double ScaleOutUtilization { get; init; }
    [CsvColumn("storage_utilization")] public required double StorageUtilization { get; init; }
    [CsvColumn("usd_per_hour")] public required double UsdPerHour { get; init; }
    [CsvColumn("usd_per_iteration")] public required double UsdPerIteration { get; init; }
    [CsvColumn("deepscale_version")] public required string DeepscaleVersion { get; init; }
    [CsvColumn("spec_sha256")] public required string SpecSha256 { get; init; }
    [CsvColumn("seed")] public required ulong Seed { get; init; }
    [CsvColumn("catalog_version")] public required string CatalogVersion { get; init; }

    /// <summary>Flattens a result; throws when a memory part name contains <see cref="ListSeparator"/>.</summary>
    public static PointRow FromResult(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Memory.Overflowing.FirstOrDefault(p => p.Contains(ListSeparator, StringComparison.Ordinal)) is { } bad)
        {
            throw new ArgumentException($"result '{result.Name}': memory.overflowing entry '{bad}' contains '{ListSeparator}', which separates entries in the CSV.", nameof(result));
        }

        return new PointRow
        {
            Name = result.Name,
            Gpus = result.Gpus,
            Fidelity = result.Fidelity,
            ModelParams = result.ModelParams,
            IterationTimeS = result.IterationTimeS,
            SamplesPerS = result.SamplesPerS,
            TokensPerS = result.TokensPerS,
            ModelFlopsPerIteration = result.ModelFlopsPerIteration,
            ModelTflopsPerGpu = result.ModelTflopsPerGpu,
            HardwareTflopsPerGpu = result.HardwareTflopsPerGpu,
            Mfu = result.Mfu,
            Hfu = result.Hfu,
            WeightsGib = result.Memory.WeightsGib,
            GradientsGib = result.Memory.GradientsGib,
            OptimizerGib = result.Memory.OptimizerGib,
            ActivationsGib = result.Memory.ActivationsGib,
            OtherGib = result.Memory.OtherGib,
            PeakGib = result.Memory.PeakGib,
            CapacityGib = result.Memory.CapacityGib,
            Fits = result.Memory.Fits,
            Overflowing = string.Join(ListSeparator, result.Memory.Overflowing),
            ForwardS = result.BreakdownS.Forward,
            BackwardS = result.BreakdownS.Backward,
            RecomputeS = result.BreakdownS.Recompute,
            OptimizerS = result.BreakdownS.Optimizer,
            PipelineBubbleS = result.BreakdownS.PipelineBubble,
            ExposedTpCommS = result.BreakdownS.ExposedTpComm,
            ExposedPpCommS = result.BreakdownS.ExposedPpComm,
            ExposedDpCommS = result.BreakdownS.ExposedDpComm,
            DataStallS = result.BreakdownS.DataStall,
            GpuComputeUtilization = result.Utilization.GpuCompute,
            ScaleUpUtilization = result.Utilization.ScaleUp,
            ScaleOutUtilization = result.Utilization.ScaleOut,
            StorageUtilization = result.Utilization.Storage,
            UsdPerHour = result.Cost.UsdPerHour,
            UsdPerIteration = result.Cost.UsdPerIteration,
            DeepscaleVersion = result.Manifest.DeepscaleVersion,
            SpecSha256 = result.Manifest.SpecSha256,
            Seed = result.Manifest.Seed,
            CatalogVersion = result.Manifest.CatalogVersion,
        };
    }

    /// <summary>Rebuilds the result record (for re-plotting a resumed sweep); <c>simulation_wall_s</c>, which the CSV
    /// does not keep, comes back as 0.</summary>
    public RunResult ToResult() => new()
    {
        Name = Name,
        Gpus = Gpus,
        Fidelity = Fidelity,
        ModelParams = ModelParams,
        IterationTimeS = IterationTimeS,
        SamplesPerS = SamplesPerS,
        TokensPerS = TokensPerS,
        ModelFlopsPerIteration = ModelFlopsPerIteration,
        ModelTflopsPerGpu = ModelTflopsPerGpu,
        HardwareTflopsPerGpu = HardwareTflopsPerGpu,
        Mfu = Mfu,
        Hfu = Hfu,
        Memory = new MemoryResult
        {
            WeightsGib = WeightsGib,
            GradientsGib = GradientsGib,
            OptimizerGib = OptimizerGib,
            ActivationsGib = ActivationsGib,
            OtherGib = OtherGib,
            PeakGib = PeakGib,
            CapacityGib = CapacityGib,
            Fits = Fits,
            Overflowing = Overflowing.Length == 0 ? [] : Overflowing.Split(ListSeparator),
        },
        BreakdownS = new BreakdownResult
        {
            Forward = ForwardS,
            Backward = BackwardS,
            Recompute = RecomputeS,
            Optimizer = OptimizerS,
            PipelineBubble = PipelineBubbleS,
            ExposedTpComm = ExposedTpCommS,
            ExposedPpComm = ExposedPpCommS,
            ExposedDpComm = ExposedDpCommS,
            DataStall = DataStallS,
        },
        Utilization = new UtilizationResult
        {
            GpuCompute = GpuComputeUtilization,
            ScaleUp = ScaleUpUtilization,
            ScaleOut = ScaleOutUtilization,
            Storage = StorageUtilization,
        },
        Cost = new CostResult { UsdPerHour = UsdPerHour, UsdPerIteration = UsdPerIteration },
        SimulationWallS = 0,
        Manifest = new ManifestResult
        {
            DeepscaleVersion = DeepscaleVersion,
            SpecSha256 = SpecSha256,
            Seed = Seed,
            CatalogVersion = CatalogVersion,
        },
    };
}
