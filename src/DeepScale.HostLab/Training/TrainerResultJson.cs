using System.Runtime.InteropServices;
using System.Text.Json;

using DeepScale.Core.Units;

namespace DeepScale.HostLab.Training;

/// <summary>
/// Writes a <see cref="TrainerResult"/> as one JSON object: snake_case keys with the SI unit in the name
/// (<c>_s</c> seconds, <c>_bytes</c>, <c>_flops</c>), keys in a fixed order, invariant number formatting.
/// </summary>
public static class TrainerResultJson
{
    /// <summary>The JSON text (indented).</summary>
    public static string Serialize(TrainerResult result)
    {
        using var stream = new MemoryStream();
        Write(result, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the result to <paramref name="path"/> atomically (temporary name, then rename).</summary>
    public static void WriteFile(TrainerResult result, string path) => AtomicFile.Write(path, stream => Write(result, stream));

    /// <summary>Writes the JSON to a stream.</summary>
    public static void Write(TrainerResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        TrainerOptions o = result.Options;
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("kind", "train-real");

        w.WriteStartObject("config");
        w.WriteNumber("workers", o.Workers);
        WriteInts(w, "layer_widths", o.LayerWidths);
        w.WriteString("activation", o.Activation.ToString().ToLowerInvariant());
        w.WriteNumber("parameters", result.ParameterCount);
        w.WriteStartObject("dataset");
        w.WriteNumber("features", o.Dataset.Features);
        w.WriteNumber("classes", o.Dataset.Classes);
        w.WriteNumber("clusters_per_class", o.Dataset.ClustersPerClass);
        w.WriteNumber("cluster_spread", o.Dataset.ClusterSpread);
        w.WriteNumber("train_samples", o.Dataset.TrainSamples);
        w.WriteNumber("test_samples", o.Dataset.TestSamples);
        w.WriteEndObject();
        w.WriteNumber("micro_batch", o.MicroBatch);
        w.WriteNumber("global_batch", o.MicroBatch * o.Workers);
        w.WriteNumber("steps", o.Steps);
        w.WriteNumber("warmup_steps", o.WarmupSteps);
        w.WriteNumber("learning_rate", o.LearningRate);
        w.WriteNumber("momentum", o.Momentum);
        w.WriteNumber("seed", o.Seed);
        w.WriteNumber("threads_per_worker", o.ThreadsPerWorker);
        w.WriteNumber("communication_timeout_s", o.CommunicationTimeout.Seconds);
        w.WriteNumber("allreduce_bytes", result.AllReduceBytes.Count);
        w.WriteNumber("forward_flops_per_step", result.ForwardFlopsPerStep.Flops);
        w.WriteNumber("backward_flops_per_step", result.BackwardFlopsPerStep.Flops);
        w.WriteNumber("optimizer_flops_per_step", result.OptimizerFlopsPerStep.Flops);
        w.WriteEndObject();

        w.WriteStartObject("host");
        w.WriteNumber("processor_count", result.ProcessorCount);
        w.WriteString("gemm_kernel", result.GemmKernel);
        w.WriteString("os", RuntimeInformation.OSDescription);
        w.WriteString("runtime", RuntimeInformation.FrameworkDescription);
        w.WriteEndObject();

        IReadOnlyList<StepTiming> measured = result.Workers.SelectMany(t => t.MeasuredSteps).ToArray();
        WriteStepStatistics(w, "step_time_s", measured);
        WriteBreakdown(w, "breakdown_s", result.MeanStep);
        WriteDoubles(w, "loss", result.Loss);
        WriteDoubles(w, "train_accuracy", result.TrainAccuracy);
        w.WriteNumber("initial_test_accuracy", result.InitialTestAccuracy);
        w.WriteNumber("final_test_accuracy", result.FinalTestAccuracy);
        w.WriteNumber("final_test_loss", result.FinalTestLoss);
        w.WriteBoolean("replicas_identical", result.ReplicasIdentical);
        w.WriteString("parameter_sha256", result.ParameterDigest);
        w.WriteNumber("wall_s", result.Wall.Seconds);

        w.WriteStartArray("workers");
        foreach (WorkerTrace trace in result.Workers)
        {
            w.WriteStartObject();
            w.WriteNumber("rank", trace.Rank);
            WriteStepStatistics(w, "step_time_s", trace.MeasuredSteps);
            WriteBreakdown(w, "breakdown_s", trace.Mean);
            w.WriteStartArray("steps");
            foreach (StepTiming step in trace.Steps)
            {
                w.WriteStartObject();
                WriteParts(w, step, "_s");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteStepStatistics(Utf8JsonWriter w, string name, IReadOnlyList<StepTiming> steps)
    {
        double[] totals = steps.Select(s => s.Total.Seconds).Order().ToArray();
        w.WriteStartObject(name);
        w.WriteNumber("mean", totals.Length == 0 ? 0 : totals.Average());
        w.WriteNumber("median", totals.Length == 0 ? 0 : totals[totals.Length / 2]);
        w.WriteNumber("min", totals.Length == 0 ? 0 : totals[0]);
        w.WriteNumber("max", totals.Length == 0 ? 0 : totals[^1]);
        w.WriteEndObject();
    }

    private static void WriteBreakdown(Utf8JsonWriter w, string name, StepTiming mean)
    {
        w.WriteStartObject(name);
        WriteParts(w, mean, "");
        w.WriteEndObject();
    }

    private static void WriteParts(Utf8JsonWriter w, StepTiming s, string suffix)
    {
        Seconds(w, "data_loading" + suffix, s.DataLoading);
        Seconds(w, "forward" + suffix, s.Forward);
        Seconds(w, "backward" + suffix, s.Backward);
        Seconds(w, "allreduce" + suffix, s.AllReduce);
        Seconds(w, "optimizer" + suffix, s.Optimizer);
        Seconds(w, "total" + suffix, s.Total);
    }

    private static void Seconds(Utf8JsonWriter w, string name, Duration d) => w.WriteNumber(name, d.Seconds);

    private static void WriteInts(Utf8JsonWriter w, string name, IEnumerable<int> values)
    {
        w.WriteStartArray(name);
        foreach (int v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }

    private static void WriteDoubles(Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        w.WriteStartArray(name);
        foreach (double v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }
}
