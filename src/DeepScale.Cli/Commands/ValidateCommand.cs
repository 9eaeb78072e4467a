using System.Globalization;

using DeepScale.Experiments.Spec;
using DeepScale.Experiments.Validation;
using DeepScale.Reporting.Charts;
using DeepScale.Reporting.Files;
using DeepScale.Reporting.Inputs;

namespace DeepScale.Cli.Commands;

/// <summary>
/// <c>deepscale validate</c>: runs the published-results suites (Megatron SC21, NCCL busbw, Horovod, ImageNet in
/// 1 hour, GPipe, DeepSpeed ZeRO) and writes each suite's CSV and chart and the README of the output folder; with
/// <c>--check</c>, exits 1 when a suite that runs is above its target.
/// </summary>
public static class ValidateCommand
{
    public const string Help = """
        deepscale validate [--suite NAME[,NAME…]] [--fidelity analytical|symmetric] [--out DIR] [--check]

        Predicts published measurements from shared/refdata and compares: Megatron-LM SC21 Table 1 and Table 2,
        nccl-tests all-reduce bus bandwidth, Horovod scaling, ImageNet in 1 hour, GPipe, DeepSpeed ZeRO-3.
        Writes DIR/<suite>.csv (inputs, then predicted,published,error_pct), DIR/<suite>.png (predicted vs
        published with the ±10% band) and, when every suite runs, DIR/README.md (MAPE and max error per suite
        against its target, the settings each suite fixed, and which inputs were calibrated on what; a --suite run
        leaves it as it was). Suites that cannot run say why.

          --suite NAME     run only these suites (comma-separated): megatron-table1, megatron-table2, nccl-busbw,
                           horovod, goyal-imagenet, gpipe, deepspeed-zero (default: all)
          --fidelity F     analytical (closed forms, seconds; what CI runs) or symmetric (replay; default)
          --out DIR        output folder (default results/validation)
          --check          exit 1 when a suite's error is above its target or a row fails to simulate

        Exit codes: 0 done (and, with --check, every runnable suite within target), 1 a suite failed --check,
        2 bad usage or unreadable reference data.

        Example (CI):
          deepscale validate --fidelity analytical --check
        """;

    public static int Run(CommandLine cl)
    {
        ArgumentNullException.ThrowIfNull(cl);
        if (cl.Help)
        {
            Console.WriteLine(Help);
            return 0;
        }

        if (cl.Positional.Count > 0)
        {
            throw new UsageException($"validate: unexpected argument '{cl.Positional[0]}'; run 'deepscale validate --help'");
        }

        Fidelity fidelity = (cl.Value("--fidelity") ?? "symmetric") switch
        {
            "analytical" => Fidelity.Analytical,
            "symmetric" => Fidelity.Symmetric,
            string other => throw new UsageException($"validate: --fidelity must be analytical or symmetric, not '{other}'"),
        };
        string[] suites = (cl.Value("--suite") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (cl.Has("--suite") && suites.Length == 0)
        {
            throw new UsageException($"validate: --suite '{cl.Value("--suite")}' names no suite; leave it out to run every suite");
        }

        string output = cl.Value("--out") ?? Path.Combine("results", "validation");
        OutputFolder.Check("validate", "--out", output);

        ValidationReport report;
        try
        {
            report = ValidationSuites.Run(suites, new ValidationOptions { Fidelity = fidelity });
        }
        catch (UnknownSuiteException ex)
        {
            throw new UsageException($"validate: {ex.Message}");
        }
        catch (ReferenceDataException ex)
        {
            Console.Error.WriteLine($"deepscale: validate: {ex.Message}");
            return 2;
        }

        Write(report, output);
        PrintSummary(report, output);
        if (!cl.Has("--check"))
        {
            return 0;
        }

        string[] failing = [.. report.CheckFailures.Select(s => s.Name)];
        if (failing.Length == 0)
        {
            Console.WriteLine("check: every runnable suite is within its target or its CI guard");
            return 0;
        }

        Console.Error.WriteLine($"deepscale: validate --check: above target or failed: {string.Join(", ", failing)}");
        return report.CheckExitCode;
    }

    /// <summary>Writes every suite's CSV and chart and the README, each file replaced atomically.</summary>
    public static void Write(ValidationReport report, string output)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(output);
        foreach (SuiteResult suite in report.Suites.Where(s => s.Ran))
        {
            AtomicFile.WriteAllText(Path.Combine(output, SuiteCsv.FileName(suite.Name)), SuiteCsv.ToText(suite));
            if (suite.Rows.Length == 0)
            {
                continue;
            }

            try
            {
                ChartOf(suite, report.Fidelity).SavePng(Path.Combine(output, SuiteCsv.ChartFileName(suite.Name)));
            }
            catch (MissingFontException ex)
            {
                Console.Error.WriteLine($"deepscale: validate: {suite.Name}: chart not written: {ex.Message}");
            }
        }

        // The README summarizes every suite, so only a run of every suite rewrites it: a --suite run would otherwise
        // drop the others' rows. The host validation's paragraph follows when deepscale host-validate wrote one.
        if (report.Complete)
        {
            string hostSection = Path.Combine(output, "host-cpu.md");
            AtomicFile.WriteAllText(Path.Combine(output, "README.md"), report.ToReadme(File.Exists(hostSection) ? File.ReadAllText(hostSection) : null));
        }
    }

    /// <summary>
    /// The suite's chart: one column per row (up to 16 rows) or a scatter against y = x, both with the ±10% band,
    /// on a log axis when the values span more than a factor of 50.
    /// </summary>
    public static ReportChart ChartOf(SuiteResult suite, Fidelity fidelity)
    {
        ArgumentNullException.ThrowIfNull(suite);
        PredictionComparison[] comparisons = [.. suite.Rows.Select(r => new PredictionComparison(r.Label, r.Predicted, r.Published))];
        double low = suite.Rows.Min(r => Math.Min(r.Predicted, r.Published));
        double high = suite.Rows.Max(r => Math.Max(r.Predicted, r.Published));
        AxisScale scale = low > 0 && high / low > 50 ? AxisScale.Log : AxisScale.Linear;
        string title = $"{suite.Name}: predicted vs published ({fidelity.ToString().ToLowerInvariant()})";
        return suite.Rows.Length <= 16
            ? (Chart.PredictedVsMeasuredByRow(comparisons, suite.Quantity) with { YScale = scale }).WithTitle(title)
            : (Chart.PredictedVsMeasured(comparisons, suite.Quantity) with { Scale = scale }).WithTitle(title);
    }

    private static void PrintSummary(ValidationReport report, string output)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"suite",-16} {"rows",7} {"MAPE",8} {"max",8}  {"target",-28} verdict"));
        foreach (SuiteResult s in report.Suites)
        {
            string mape = s.MapePercent is double m ? ValidationText.Percent(m) + "%" : "—";
            string max = s.MaxAbsErrorPercent is double x ? ValidationText.Percent(x) + "%" : "—";
            string verdict = s.Verdict switch
            {
                SuiteVerdict.MeetsTarget => "meets target",
                SuiteVerdict.AboveTarget => "above target",
                SuiteVerdict.Failed => "FAILED: " + string.Join("; ", s.Skipped.Where(r => r.Kind == SkipKind.Failed).Select(r => $"{r.Label}: {r.Reason}")),
                _ => "not runnable: " + s.NotRunnableReason,
            };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Name,-16} {s.Rows.Length,7} {mape,8} {max,8}  {s.Target?.Describe() ?? "—",-28} {verdict}"));
        }

        Console.WriteLine(report.Complete
            ? $"wrote {Path.Combine(output, "README.md")}"
            : $"wrote the suites' files in {output}; README.md is left as it was (run every suite to regenerate it)");
    }
}
