using System.Globalization;
using System.Text;

using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;

namespace DeepScale.Experiments.HostValidation;

/// <summary>
/// The written results of host validation: <c>host-cpu.csv</c> (columns <c>config,predicted_s,measured_s,error_pct</c>,
/// then the spread <c>measured_min_s,measured_max_s,runs</c>; the step time of every K first, then the parts of each
/// K) and <c>host-cpu.md</c> (the paragraph for results/validation/README.md). Invariant numbers and "\n" line ends,
/// so identical results give identical files; each file is written under a temporary name and renamed.
/// </summary>
public static class HostValidationReport
{
    /// <summary>The CSV header.</summary>
    public const string Header = "config,predicted_s,measured_s,error_pct,measured_min_s,measured_max_s,runs";

    /// <summary>The CSV text.</summary>
    public static string Csv(HostValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder(Header).Append('\n');
        IEnumerable<HostComparisonRow> ordered = result.StepRows
            .Concat(result.Rows.Where(r => r.Part != HostPart.StepTime).OrderBy(r => r.Workers).ThenBy(r => r.Part));
        foreach (HostComparisonRow r in ordered)
        {
            sb.Append(r.Config).Append(',')
                .Append(Seconds(r.Predicted)).Append(',')
                .Append(Seconds(r.Measured)).Append(',')
                .Append(Percent(r.ErrorPercent)).Append(',')
                .Append(Seconds(r.MeasuredMin)).Append(',')
                .Append(Seconds(r.MeasuredMax)).Append(',')
                .Append(r.Runs.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The README paragraph: what was compared, on what inputs, the table, the verdict.</summary>
    public static string Paragraph(HostValidationResult result, HardwareCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(catalog);
        HostCpuCostProfile cpu = catalog.HostCpu;
        string model = result.Predictions.Count > 0 ? result.Predictions[0].Model : "mlp";
        var sb = new StringBuilder();
        sb.Append("## host-cpu: the real CPU trainer on this machine\n\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"`deepscale host-validate` predicts `deepscale train-real` ({model}, ReLU, softmax cross-entropy, micro-batch 64 per worker, ");
        sb.Append(CultureInfo.InvariantCulture,
            $"SGD with momentum, fp32) with K = {string.Join(", ", result.StepRows.Select(r => r.Workers))} worker processes on this ");
        sb.Append(CultureInfo.InvariantCulture,
            $"{cpu.Cores}-core host before running it, from `experiments/host-validation/mlp-host.yaml` (the `host` system) and the ");
        sb.Append("calibrated `host-cpu` profile, then runs the trainer and compares. Calibrated inputs, all from the host micro-kernels " +
            "of `deepscale calibrate` (results/calibration/host-cpu.json, `cpu_model`), none from the trainer: GEMM micro-kernel rate, " +
            "packing and cache-level bandwidths (the trainer's forward and backward GEMMs, bias, ReLU, softmax and optimizer passes), " +
            "loopback α and β from a 2-process ring all-reduce (the gradient all-reduce) and, for more workers than cores, from a " +
            "ring with two processes per core, page-cache read cost (data loading). " +
            "The replay runs every worker as a process on the shared cores, scheduled as the operating system does: a worker " +
            "keeps its core until it blocks in the all-reduce or its time slice (Linux's base slice, " +
            $"{cpu.SchedulerSlice.Milliseconds.ToString("0.##", CultureInfo.InvariantCulture)} ms on {cpu.Cores} cores) ends while another waits, " +
            "so K above the core count oversubscribes the CPU as on the real machine, and a worker's wait for a core after " +
            "the all-reduce counts, as in the trainer's timers, in the all-reduce.\n\n");
        sb.Append("| K | predicted step | measured step (median, min–max) | error | largest part | predicted | measured | error |\n");
        sb.Append("|---|---|---|---|---|---|---|---|\n");
        foreach (HostComparisonRow step in result.StepRows)
        {
            HostComparisonRow largest = result.LargestParts.First(r => r.Workers == step.Workers);
            sb.Append(CultureInfo.InvariantCulture,
                $"| {step.Workers} | {step.Predicted} | {step.Measured} ({step.MeasuredMin}–{step.MeasuredMax}, {step.Runs} runs) | {Signed(step.ErrorPercent)} ");
            sb.Append(CultureInfo.InvariantCulture,
                $"| {HostComparisonRow.PartName(largest.Part)} | {largest.Predicted} | {largest.Measured} | {Signed(largest.ErrorPercent)} |\n");
        }

        bool each = result.StepRows.All(r => Math.Abs(r.ErrorPercent) <= HostValidationResult.StepTargetPercent);
        bool mean = result.MeanAbsStepErrorPercent <= HostValidationResult.MeanTargetPercent;
        bool parts = result.LargestParts.All(r => Math.Abs(r.ErrorPercent) <= HostValidationResult.LargestPartTargetPercent);
        sb.Append('\n');
        sb.Append(CultureInfo.InvariantCulture,
            $"Targets: each step time within {HostValidationResult.StepTargetPercent:0}% ({Met(each)}), mean absolute error within ");
        sb.Append(CultureInfo.InvariantCulture,
            $"{HostValidationResult.MeanTargetPercent:0}% ({result.MeanAbsStepErrorPercent:0.0}%: {Met(mean)}), largest part within ");
        sb.Append(CultureInfo.InvariantCulture,
            $"{HostValidationResult.LargestPartTargetPercent:0}% ({Met(parts)}). Measured {result.Measurements.Taken} on ");
        sb.Append(CultureInfo.InvariantCulture,
            $"{result.Measurements.Machine}: {result.Measurements.Method}. Every part is in results/validation/host-cpu.csv.\n");
        return sb.ToString();
    }

    /// <summary>Writes the CSV and the paragraph into the output directory of <paramref name="options"/>.</summary>
    public static void Write(HostValidationResult result, HostValidationOptions options, HardwareCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.ResolvedOutput);
        WriteAtomically(options.CsvPath, Csv(result));
        WriteAtomically(options.ParagraphPath, Paragraph(result, catalog));
    }

    /// <summary>Writes <paramref name="text"/> under a temporary name in the same directory, then renames it over <paramref name="path"/>.</summary>
    public static void WriteAtomically(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        string full = Path.GetFullPath(path);
        string temporary = string.Create(CultureInfo.InvariantCulture, $"{full}.tmp-{Environment.ProcessId}");
        try
        {
            File.WriteAllText(temporary, text, new UTF8Encoding(false));
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static string Seconds(Duration d) => d.Seconds.ToString("0.#########", CultureInfo.InvariantCulture);

    private static string Percent(double p) => double.IsFinite(p) ? p.ToString("0.00", CultureInfo.InvariantCulture) : "";

    private static string Signed(double p) => double.IsFinite(p) ? p.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%" : "n/a";

    private static string Met(bool ok) => ok ? "met" : "not met";
}
