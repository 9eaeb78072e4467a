using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

using DeepScale.Core.Units;

namespace DeepScale.Experiments.HostValidation;

/// <summary>
/// The committed measurement file (<c>results/validation/host-cpu.measurements.json</c>): snake_case keys with the
/// unit in the name (<c>_s</c> seconds, <c>_pct</c> percent), configurations in increasing K, runs in the order they
/// were taken. A missing, unreadable or incomplete file is an <see cref="InvalidDataException"/> naming the file
/// and the field.
/// </summary>
public static class HostMeasurementJson
{
    /// <summary>The schema tag of the file.</summary>
    public const string Schema = "deepscale.host-cpu-measurements/1";

    private static readonly JsonWriterOptions s_options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON text of <paramref name="set"/> ("\n" line ends, a final newline).</summary>
    public static string Serialize(HostMeasurementSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, s_options))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("taken", set.Taken);
            w.WriteString("machine", set.Machine);
            w.WriteString("method", set.Method);
            w.WriteStartArray("configurations");
            foreach (HostMeasurement m in set.Configurations.OrderBy(c => c.Workers))
            {
                w.WriteStartObject();
                w.WriteNumber("workers", m.Workers);
                w.WriteStartArray("runs");
                foreach (HostTrainerRun r in m.Runs)
                {
                    w.WriteStartObject();
                    w.WriteNumber("steps", r.Steps);
                    w.WriteNumber("warmup_steps", r.WarmupSteps);
                    w.WriteNumber("step_time_s", r.StepTime.Seconds);
                    w.WriteNumber("median_step_time_s", r.MedianStepTime.Seconds);
                    w.WriteNumber("data_loading_s", r.DataLoading.Seconds);
                    w.WriteNumber("forward_s", r.Forward.Seconds);
                    w.WriteNumber("backward_s", r.Backward.Seconds);
                    w.WriteNumber("allreduce_s", r.AllReduce.Seconds);
                    w.WriteNumber("optimizer_s", r.Optimizer.Seconds);
                    if (double.IsFinite(r.OtherLoadPercent))
                    {
                        w.WriteNumber("other_load_pct", Math.Round(r.OtherLoadPercent, 2));
                    }
                    else
                    {
                        w.WriteNull("other_load_pct");
                    }

                    w.WriteNumber("final_test_accuracy", Math.Round(r.FinalTestAccuracy, 6));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    /// <summary>Reads a measurement file.</summary>
    public static HostMeasurementSet ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"host measurement file '{path}' does not exist; run 'deepscale host-validate' without --quick to measure");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses measurement JSON; <paramref name="source"/> names it in errors.</summary>
    public static HostMeasurementSet Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            JsonElement root = doc.RootElement;
            string schema = Text(root, "schema");
            if (schema != Schema)
            {
                throw new FormatException($"schema: '{schema}' is not {Schema}");
            }

            var configurations = new List<HostMeasurement>();
            int index = 0;
            foreach (JsonElement c in Array(root, "configurations"))
            {
                string at = $"configurations[{index++}]";
                int workers = Int(c, "workers", at);
                var runs = new List<HostTrainerRun>();
                int r = 0;
                foreach (JsonElement run in Array(c, "runs"))
                {
                    string where = $"{at}.runs[{r++}]";
                    runs.Add(new HostTrainerRun(
                        workers,
                        Int(run, "steps", where),
                        Int(run, "warmup_steps", where),
                        Seconds(run, "step_time_s", where),
                        Seconds(run, "median_step_time_s", where),
                        Seconds(run, "data_loading_s", where),
                        Seconds(run, "forward_s", where),
                        Seconds(run, "backward_s", where),
                        Seconds(run, "allreduce_s", where),
                        Seconds(run, "optimizer_s", where),
                        run.TryGetProperty("other_load_pct", out JsonElement load) && load.ValueKind == JsonValueKind.Number ? load.GetDouble() : double.NaN,
                        Number(run, "final_test_accuracy", where)));
                }

                if (runs.Count == 0)
                {
                    throw new FormatException($"{at}.runs: empty");
                }

                configurations.Add(new HostMeasurement(workers, runs));
            }

            if (configurations.Count == 0)
            {
                throw new FormatException("configurations: empty");
            }

            return new HostMeasurementSet(Text(root, "taken"), Text(root, "machine"), Text(root, "method"), configurations);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"host measurement file '{source}' is not valid ({e.Message})", e);
        }
    }

    private static string Text(JsonElement e, string key) =>
        e.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new KeyNotFoundException($"{key}: missing or not a string");

    private static JsonElement.ArrayEnumerator Array(JsonElement e, string key) =>
        e.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : throw new KeyNotFoundException($"{key}: missing or not a list");

    private static int Int(JsonElement e, string key, string at) =>
        e.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) && i >= 0
            ? i
            : throw new KeyNotFoundException($"{at}.{key}: missing or not a non-negative integer");

    private static double Number(JsonElement e, string key, string at) =>
        e.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.Number && double.IsFinite(v.GetDouble())
            ? v.GetDouble()
            : throw new KeyNotFoundException($"{at}.{key}: missing or not a number");

    private static Duration Seconds(JsonElement e, string key, string at)
    {
        double s = Number(e, key, at);
        return s >= 0 ? Duration.FromSeconds(s) : throw new FormatException($"{at}.{key}: {s} is negative");
    }
}
