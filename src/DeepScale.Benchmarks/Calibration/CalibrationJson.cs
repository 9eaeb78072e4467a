using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// The calibration's JSON files, every quantity a string with its unit: <c>host-cpu.json</c> (the device in the
/// format the hardware catalog's host-cpu loader reads) and <c>host-cpu-fit.json</c> (every fitted number, the
/// machine facts, the measurement context, residuals and the leave-one-out summary).
/// </summary>
public static class CalibrationJson
{
    private static readonly JsonWriterOptions s_options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>host-cpu.json: name, memory, memory bandwidth (all cores, DRAM), FP32 dense peak (all cores) and
    /// matmul ceiling (GEMM rate over the peak), the source, and the simulator's CPU kernel model with every fitted
    /// number at full precision (<c>cpu_model</c>, written by <see cref="HostCpuDevice.WriteCpuModel"/>). Depends
    /// only on the fit, so a refit of the same measurements reproduces it byte for byte.</summary>
    public static string HostCpu(HostCalibrationFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        HostCpuCostProfile p = fit.Profile;
        return Write(w =>
        {
            w.WriteString("name", $"Host CPU (calibrated: {fit.Facts.Cores} cores of {fit.Facts.Processor}, {fit.Facts.GemmKernel} GEMM)");
            w.WriteString("memory", fit.Facts.Memory.ToString());
            w.WriteString("memory_bandwidth", p.DramBandwidthAllCores.ToString());
            w.WriteStartObject("dense_peak");
            w.WriteString("fp32", p.PeakAllCores.ToString());
            w.WriteEndObject();
            w.WriteStartObject("matmul_ceiling");
            w.WriteNumber("fp32", Math.Round(Math.Min(1, p.MatmulCeiling), 4));
            w.WriteEndObject();
            w.WriteString("source", "DeepScale calibration of BenchmarkDotNet host micro-kernels (results/calibration/measurements.csv); " +
                "peak from the FMA probe on all cores, ceiling = fitted GEMM micro-kernel rate / single-core probe; " +
                "memory bandwidth = all-core DRAM streaming; every fitted number in host-cpu-fit.json; cpu_model = the fitted " +
                "kernel model at full precision (rates in FLOP/s and B/s, times in s, caches in B) for the simulator");
            w.WritePropertyName(HostCpuDevice.CpuModelKey);
            HostCpuDevice.WriteCpuModel(w, p);
        });
    }

    /// <summary>host-cpu-fit.json.</summary>
    public static string Fit(HostCalibrationFit fit, MeasurementContext context, IReadOnlyList<KernelMeasurement> measurements, IReadOnlyList<LeaveOneOutRow> leaveOneOut)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(measurements);
        ArgumentNullException.ThrowIfNull(leaveOneOut);
        HostCpuCostProfile p = fit.Profile;
        HostFacts f = fit.Facts;
        return Write(w =>
        {
            w.WriteString("schema", "deepscale.host-cpu-fit/1");
            w.WriteStartObject("machine");
            w.WriteString("processor", f.Processor);
            w.WriteNumber("cores", f.Cores);
            w.WriteString("memory", f.Memory.ToString());
            w.WriteString("l1_data_cache", f.L1DataCache.ToString());
            w.WriteString("l2_cache", f.L2Cache.ToString());
            w.WriteString("last_level_cache", f.LastLevelCache.ToString());
            w.WriteString("gemm_kernel", f.GemmKernel);
            w.WriteNumber("register_tile_rows", f.RegisterTileRows);
            w.WriteNumber("register_tile_columns", f.RegisterTileColumns);
            w.WriteNumber("block_depth", f.BlockDepth);
            w.WriteNumber("block_rows", f.BlockRows);
            w.WriteNumber("block_columns", f.BlockColumns);
            w.WriteEndObject();

            w.WriteStartObject("measurement");
            w.WriteString("tool", context.Tool);
            w.WriteString("job", context.Job);
            w.WriteString("toolchain", context.Toolchain);
            w.WriteString("environment", context.Environment);
            w.WriteString("load_average_before", context.LoadBefore);
            w.WriteString("load_average_after", context.LoadAfter);
            w.WriteString("date", context.Date);
            w.WriteNumber("cases", measurements.Count);
            w.WriteEndObject();

            // The cost model's per-device parameters (ComputeEfficiencyProfile) for host-cpu.
            w.WriteStartObject("cost_model_profile");
            w.WriteNumber("streaming_multiprocessors", f.Cores);
            w.WriteString("l2_bandwidth", (p.L2Bandwidth * f.Cores).ToString());
            w.WriteNumber("memory_bandwidth_fraction", 1.0);
            w.WriteString("kernel_launch_latency", p.LaunchOverhead.ToString());
            w.WriteString("host_overhead_forward", Duration.Zero.ToString());
            w.WriteString("host_overhead_backward", Duration.Zero.ToString());
            w.WriteString("note", "memory_bandwidth in host-cpu.json is already the achievable all-core DRAM bandwidth (fraction 1); " +
                "kernels are called directly from C#, so the framework host overhead is zero and the dispatch cost is the launch latency; " +
                "no fused-attention kernel was measured");
            w.WriteEndObject();

            w.WriteStartObject("compute");
            w.WriteString("peak_per_core", p.PeakPerCore.ToString());
            w.WriteString("peak_all_cores", p.PeakAllCores.ToString());
            w.WriteString("gemm_core_rate", p.GemmCoreRate.ToString());
            w.WriteNumber("matmul_ceiling", Math.Round(p.MatmulCeiling, 4));
            w.WriteString("pack_transpose_bandwidth", p.PackTransposeBandwidth.ToString());
            w.WriteString("pack_copy_bandwidth", p.PackCopyBandwidth.ToString());
            w.WriteString("gemm_update_bandwidth", p.GemmUpdateBandwidth.ToString());
            w.WriteString("unfold_bandwidth", p.UnfoldBandwidth.ToString());
            w.WriteString("gelu_rate", p.GeluRate.ToString());
            w.WriteString("reduction_rate", p.ReductionRate.ToString());
            w.WriteString("softmax_rate", p.SoftmaxRate.ToString());
            w.WriteString("layer_norm_rate", p.LayerNormRate.ToString());
            w.WriteEndObject();

            w.WriteStartObject("memory");
            w.WriteString("l2_bandwidth", p.L2Bandwidth.ToString());
            w.WriteString("l3_bandwidth", p.L3Bandwidth.ToString());
            w.WriteString("dram_bandwidth", p.DramBandwidth.ToString());
            w.WriteString("dram_bandwidth_all_cores", p.DramBandwidthAllCores.ToString());
            w.WriteString("l3_store_bandwidth", p.StoreBandwidth.L3.ToString());
            w.WriteString("dram_store_bandwidth", p.StoreBandwidth.Dram.ToString());
            w.WriteNumber("single_stream_fraction", Math.Round(p.SingleStreamFraction, 4));
            w.WriteString("cross_core_bandwidth", p.CrossCoreBandwidth.ToString());
            w.WriteEndObject();

            w.WriteStartObject("overheads");
            w.WriteString("launch_overhead", p.LaunchOverhead.ToString());
            w.WriteString("fork_join_overhead", p.ForkJoinOverhead.ToString());
            w.WriteString("core_wake_up", p.CoreWakeUp.ToString());
            w.WriteString("row_overhead", p.RowOverhead.ToString());
            w.WriteEndObject();

            w.WriteStartObject("link");
            w.WriteString("kind", "ring all-reduce over loopback TCP between processes");
            w.WriteString("model", "t = 2(p-1)*alpha + 2(p-1)/p*S/beta");
            w.WriteString("alpha", p.LoopbackLatency.ToString());
            w.WriteString("beta", p.LoopbackBandwidth.ToString());
            if (p.HasOversubscribedLoopback)
            {
                w.WriteNumber("oversubscribed_ranks_per_core", p.OversubscribedRanksPerCore);
                w.WriteString("oversubscribed_alpha", p.OversubscribedLoopbackLatency.ToString());
                w.WriteString("oversubscribed_beta", p.OversubscribedLoopbackBandwidth.ToString());
            }

            if (p.HasLoopbackCpuTime)
            {
                w.WriteString("cpu_model", "on one core: t = p*(2(p-1)*alpha_cpu + 2(p-1)/p*S/beta_cpu)");
                w.WriteString("cpu_alpha", p.LoopbackCpuLatency.ToString());
                w.WriteString("cpu_beta", p.LoopbackCpuBandwidth.ToString());
                w.WriteString("idle_core_wake_latency", p.IdleCoreWakeLatency.ToString());
            }

            w.WriteEndObject();

            w.WriteStartObject("storage");
            w.WriteString("read_bandwidth", p.StorageBandwidth.ToString());
            w.WriteString("request_latency", p.StorageRequestLatency.ToString());
            w.WriteString("page_cache_bandwidth", p.PageCacheBandwidth.ToString());
            w.WriteString("read_call_overhead", p.ReadCallOverhead.ToString());
            w.WriteEndObject();

            w.WriteStartObject("thread_scaling");
            w.WriteNumber("peak_flops", Math.Round(p.PeakAllCores / p.PeakPerCore, 4));
            w.WriteNumber("shared_bandwidth", Math.Round(p.SharedBandwidthScaling, 4));
            w.WriteStartArray("measured_speedups");
            foreach ((KernelCase one, KernelCase many, double speedup) in Speedups(measurements))
            {
                w.WriteStartObject();
                w.WriteString("kernel", one.KernelName);
                w.WriteString("params", one.Parameters);
                w.WriteNumber("threads", many.Threads);
                w.WriteNumber("speedup", Math.Round(speedup, 4));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteStartObject("fit");
            w.WriteNumber("rms_error_pct", Math.Round(fit.RmsErrorPercent, 2));
            w.WriteNumber("max_abs_error_pct", Math.Round(fit.MaxAbsErrorPercent, 2));
            w.WriteStartArray("unconstrained_parameters");
            foreach (string name in fit.UnconstrainedParameters)
            {
                w.WriteStringValue(name);
            }

            w.WriteEndArray();
            w.WriteStartArray("residuals");
            foreach (FitResidual r in fit.Residuals)
            {
                w.WriteStartObject();
                w.WriteString("kernel", r.Case.KernelName);
                w.WriteString("params", r.Case.Parameters);
                w.WriteString("measured", r.Measured.ToString());
                w.WriteString("fitted", r.Fitted.ToString());
                w.WriteNumber("error_pct", Math.Round(r.ErrorPercent, 2));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();

            LeaveOneOutRow[] predicted = [.. leaveOneOut.Where(r => r.Predicted is not null)];
            w.WriteStartObject("leave_one_out");
            w.WriteNumber("target_pct", LeaveOneOut.TargetPercent);
            w.WriteNumber("cases", leaveOneOut.Count);
            w.WriteNumber("within_target", leaveOneOut.Count(r => r.Within(LeaveOneOut.TargetPercent)));
            w.WriteNumber("max_abs_error_pct", predicted.Length == 0 ? 0 : Math.Round(predicted.Max(r => Math.Abs(r.ErrorPercent)), 2));
            w.WriteNumber("mean_abs_error_pct", predicted.Length == 0 ? 0 : Math.Round(predicted.Average(r => Math.Abs(r.ErrorPercent)), 2));
            w.WriteEndObject();
        });
    }

    /// <summary>Reads the machine facts and the measurement context back from a fit report.</summary>
    public static (HostFacts Facts, MeasurementContext Context) ReadFit(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            JsonElement m = doc.RootElement.GetProperty("machine");
            var facts = new HostFacts(
                m.GetProperty("cores").GetInt32(),
                Bytes.Parse(Text(m, "memory")),
                Bytes.Parse(Text(m, "l1_data_cache")),
                Bytes.Parse(Text(m, "l2_cache")),
                Bytes.Parse(Text(m, "last_level_cache")),
                Text(m, "gemm_kernel"),
                m.GetProperty("register_tile_rows").GetInt32(),
                m.GetProperty("register_tile_columns").GetInt32(),
                m.GetProperty("block_depth").GetInt32(),
                m.GetProperty("block_rows").GetInt32(),
                m.GetProperty("block_columns").GetInt32(),
                Text(m, "processor")).Validated();
            JsonElement c = doc.RootElement.GetProperty("measurement");
            var context = new MeasurementContext(Text(c, "tool"), Text(c, "job"), Text(c, "toolchain"), Text(c, "environment"),
                Text(c, "load_average_before"), Text(c, "load_average_after"), Text(c, "date"));
            return (facts, context);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new FormatException($"{source}: not a readable calibration fit report ({e.Message})", e);
        }
    }

    /// <summary>
    /// Null when <paramref name="json"/> is a host-cpu.json the catalog can load (memory, memory_bandwidth, a
    /// non-empty dense_peak of rates, ceilings in (0, 1]); otherwise what is wrong.
    /// </summary>
    public static string? ProblemWithHostCpu(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            JsonElement root = doc.RootElement;
            _ = Bytes.Parse(Text(root, "memory"));
            _ = ByteRate.Parse(Text(root, "memory_bandwidth"));
            int peaks = 0;
            foreach (JsonProperty peak in root.GetProperty("dense_peak").EnumerateObject())
            {
                _ = FlopRate.Parse(peak.Value.GetString() ?? throw new FormatException($"dense_peak.{peak.Name} is not a string"));
                peaks++;
            }

            if (peaks == 0)
            {
                return "dense_peak is empty";
            }

            if (root.TryGetProperty("matmul_ceiling", out JsonElement ceilings))
            {
                foreach (JsonProperty c in ceilings.EnumerateObject())
                {
                    double v = c.Value.GetDouble();
                    if (v is not (> 0 and <= 1))
                    {
                        return $"matmul_ceiling.{c.Name}: {v.ToString(CultureInfo.InvariantCulture)} is not in (0, 1]";
                    }
                }
            }

            return null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return e.Message;
        }
    }

    /// <summary>Pairs of the same case on one thread and on more, with the measured speedup (throughput on more
    /// threads over throughput on one).</summary>
    public static IReadOnlyList<(KernelCase One, KernelCase Many, double Speedup)> Speedups(IReadOnlyList<KernelMeasurement> measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var pairs = new List<(KernelCase, KernelCase, double)>();
        foreach (KernelMeasurement one in MeasurementTable.Sorted(measurements).Where(m => m.Case.Threads == 1 && m.Case.Parameters.Contains("Threads=1", StringComparison.Ordinal)))
        {
            string prefix = one.Case.Parameters.Replace("Threads=1", "Threads=", StringComparison.Ordinal);
            foreach (KernelMeasurement many in measurements.Where(m => m.Case.Kernel == one.Case.Kernel && m.Case.Threads > 1
                && m.Case.Parameters == prefix + m.Case.Threads.ToString(CultureInfo.InvariantCulture)))
            {
                // Throughput ratio: the probe does more work with more threads, the kernels the same work.
                static double work(KernelCase c) => c.Work.Flops.Flops + c.Work.BytesMoved.Count;
                pairs.Add((one.Case, many.Case, work(many.Case) / work(one.Case) * (one.Mean / many.Mean)));
            }
        }

        return pairs;
    }

    private static string Text(JsonElement e, string key) =>
        e.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new KeyNotFoundException($"missing string '{key}'");

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, s_options))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }
}
