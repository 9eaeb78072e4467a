using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Sweeps;

/// <summary>Reads the <c>report:</c> section of an experiment into <see cref="ReportSettings"/>, with positioned errors.</summary>
internal static class ReportSettingsReader
{
    /// <summary>The points.csv result columns a reference may be compared with.</summary>
    public static readonly string[] Metrics =
    [
        "iteration_time_s", "samples_per_s", "tokens_per_s", "model_tflops_per_gpu", "hardware_tflops_per_gpu", "mfu", "hfu", "peak_gib",
    ];

    private static readonly string[] s_keys = ["epochs", "samples", "token_budget", "timeline", "reference"];

    private static readonly string[] s_referenceKeys = ["file", "key", "key_column", "metric", "column", "quantity", "label_column", "label_suffix", "source"];

    public static ReportSettings Read(SectionReader report, string folder)
    {
        CheckKeys(report, s_keys);
        return new ReportSettings
        {
            Epochs = report.Int("epochs", 1, 1_000_000),
            Samples = report.Integer("samples", 1, SpecLimits.MaxSamples),
            TokenBudget = report.Number("token_budget", 1, 1e18),
            Timeline = report.Boolean("timeline") ?? false,
            Reference = report.Section("reference") is { } r ? Reference(r, folder) : null,
        };
    }

    private static ReferenceSettings Reference(SectionReader r, string folder)
    {
        CheckKeys(r, s_referenceKeys);
        string file = r.Text("file", 1024) ?? throw r.Missing("file", "the CSV file of published values, relative to the experiment file");
        string full = Path.GetFullPath(Path.Combine(folder, file));
        if (!File.Exists(full))
        {
            throw r.Error("file", $"no such file {SpecText.Quote(file)} (looked for {full})", SpecErrorKind.File);
        }

        string metric = r.Text("metric", 64) ?? throw r.Missing("metric", "the points.csv column compared: " + string.Join(", ", Metrics));
        if (!Metrics.Contains(metric))
        {
            throw r.Error("metric", $"unknown metric {SpecText.Quote(metric)}; expected one of {string.Join(", ", Metrics)}", SpecErrorKind.UnknownId);
        }

        string key = r.Text("key", 256) ?? "gpus";
        if (key != "gpus")
        {
            ScenarioLoader.CheckFieldPath(key, r.Node("key")!.Position);
        }

        return new ReferenceSettings(
            file,
            full,
            key,
            r.Text("key_column", 256) ?? throw r.Missing("key_column", "the reference column holding each row's key value"),
            metric,
            r.Text("column", 256) ?? throw r.Missing("column", "the reference column holding the published value"),
            r.Text("quantity", 256) ?? metric)
        {
            LabelColumn = r.Text("label_column", 256),
            LabelSuffix = r.Text("label_suffix", 32) ?? "",
            Source = r.Text("source", 256) ?? "published",
        };
    }

    private static void CheckKeys(SectionReader section, string[] valid)
    {
        foreach (string key in section.Keys)
        {
            if (!valid.Contains(key))
            {
                throw SchemaValidator.UnknownKey(section.Path, key, valid, section.Node(key)?.Position ?? section.Position);
            }
        }
    }
}
