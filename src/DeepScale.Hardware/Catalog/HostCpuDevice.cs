using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;

namespace DeepScale.Hardware.Catalog;

/// <summary>
/// The <c>host-cpu</c> accelerator: the machine DeepScale runs on, so the real CPU trainer can be simulated too.
/// Until a calibration run measures it, the catalog holds a documented placeholder; a calibration JSON file
/// replaces it (<see cref="Load"/>), and a missing or corrupt file keeps the placeholder with a warning naming the file.
/// </summary>
/// <remarks>
/// Placeholder numbers (all flagged <see cref="AcceleratorSpec.IsPlaceholder"/>): this workplace's machine has
/// 2 cores of an AMD EPYC with AVX-512 and AVX-512 BF16 and 24 GiB of memory (env README "2 cores and 24 GiB").
/// FP32 peak = 2 cores × 2 FMA pipes × 16 FP32 lanes × 2 FLOP × 2.0 GHz = 256 GFLOP/s; BF16 peak doubles the lanes
/// (VDPBF16PS pairs); memory bandwidth 20 GB/s stands for one DDR channel's share. The clock and the channel share
/// are assumptions, not measurements; the calibration run replaces every one of these numbers.
/// </remarks>
public static class HostCpuDevice
{
    /// <summary>The catalog id.</summary>
    public const string Id = "host-cpu";

    /// <summary>The documented placeholder device.</summary>
    public static AcceleratorSpec Placeholder { get; } = new(
        Id,
        "Host CPU (placeholder until calibrated: 2 cores of AMD EPYC)",
        Bytes.FromGiB(24),
        ByteRate.FromGBps(20),
        ImmutableDictionary.CreateRange([
            KeyValuePair.Create(Precision.Fp32, FlopRate.FromGiga(256)),
            KeyValuePair.Create(Precision.Bf16, FlopRate.FromGiga(512)),
        ]),
        ImmutableDictionary.CreateRange([
            KeyValuePair.Create(Precision.Fp32, 1.0),
            KeyValuePair.Create(Precision.Bf16, 1.0),
        ]),
        ByteRate.Zero,
        "placeholder: 2 cores x 2 FMA x 16 lanes x 2 FLOP x 2.0 GHz; 20 GB/s memory; replaced by calibration")
    {
        Vendor = "AMD",
        FormFactor = "host CPU",
        IsPlaceholder = true,
    };

    /// <summary>Cores of the placeholder host (this workplace's 2-core machine, see the remarks).</summary>
    public const int PlaceholderCores = 2;

    /// <summary>The CPU kernel model of the placeholder: the roofline of <see cref="Placeholder"/> on its cores.</summary>
    public static HostCpuCostProfile PlaceholderCostProfile { get; } = HostCpuCostProfile.Roofline(Placeholder, PlaceholderCores);

    /// <summary>
    /// Reads a calibration file; on a missing or unreadable file returns the placeholder and a warning that names
    /// the file and what was wrong. Format (units in strings):
    /// <code>{ "name": "...", "memory": "24 GiB", "memory_bandwidth": "18 GB/s",
    ///   "dense_peak": { "fp32": "210 GFLOP/s", "bf16": "400 GFLOP/s" },
    ///   "matmul_ceiling": { "fp32": 0.8 }, "source": "calibration 2026-...",
    ///   "cpu_model": { ... optional, see <see cref="LoadCalibration"/> ... } }</code>
    /// </summary>
    public static (AcceleratorSpec Device, string? Warning) Load(string path)
    {
        (AcceleratorSpec device, _, string? warning) = LoadCalibration(path);
        return (device, warning);
    }

    /// <summary>
    /// Reads a calibration file into the device and its CPU kernel model. The optional <c>cpu_model</c> section holds
    /// every parameter of <see cref="HostCpuCostProfile"/> under its snake_case name, each a string with its unit
    /// (rates and durations written with full precision, so the simulator evaluates the fitted numbers exactly), and
    /// the integers <c>cores</c>, <c>register_tile_rows</c>, <c>register_tile_columns</c>, <c>block_depth</c>,
    /// <c>block_columns</c> and the numbers <c>shared_bandwidth_scaling</c> and <c>single_stream_fraction</c>.
    /// Without the section the CPU model is the roofline of the loaded device on <see cref="PlaceholderCores"/> cores.
    /// A missing or unreadable file, or an unreadable section, gives the placeholder device and model and a warning
    /// naming the file.
    /// </summary>
    public static (AcceleratorSpec Device, HostCpuCostProfile Cpu, string? Warning) LoadCalibration(string path)
    {
        if (!File.Exists(path))
        {
            return (Placeholder, PlaceholderCostProfile, $"host-cpu calibration file '{path}' does not exist; using the placeholder");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (Placeholder, PlaceholderCostProfile, $"host-cpu calibration file '{path}' is not valid ({ex.Message}); using the placeholder");
        }

        return ParseCalibration(text, path);
    }

    /// <summary>The calibration in <paramref name="json"/> (as <see cref="LoadCalibration"/> reads a file), or the
    /// placeholders and a warning naming <paramref name="source"/> when it is unusable.</summary>
    public static (AcceleratorSpec Device, HostCpuCostProfile Cpu, string? Warning) ParseCalibration(string json, string path)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            AcceleratorSpec device = Parse(doc.RootElement, path);
            HostCpuCostProfile cpu = doc.RootElement.TryGetProperty(CpuModelKey, out JsonElement model)
                ? ParseCpuModel(model, path)
                : HostCpuCostProfile.Roofline(device, PlaceholderCores);
            return (device, cpu, null);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException
            or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (Placeholder, PlaceholderCostProfile, $"host-cpu calibration file '{path}' is not valid ({ex.Message}); using the placeholder");
        }
    }

    /// <summary>The key of the CPU kernel model's section in <c>host-cpu.json</c>.</summary>
    public const string CpuModelKey = "cpu_model";

    /// <summary>
    /// Writes <paramref name="cpu"/> as the value of the <c>cpu_model</c> section (the format
    /// <see cref="LoadCalibration"/> reads): rates in FLOP/s and B/s, durations in seconds and caches in bytes, each
    /// number in its shortest round-trip form, so that reading it back gives the same values bit for bit.
    /// </summary>
    public static void WriteCpuModel(Utf8JsonWriter w, HostCpuCostProfile cpu)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(cpu);
        cpu.Validated();
        w.WriteStartObject();
        w.WriteNumber("cores", cpu.Cores);
        w.WriteString("l2_cache", Exact(cpu.L2Cache.Count, "B"));
        w.WriteString("last_level_cache", Exact(cpu.LastLevelCache.Count, "B"));
        w.WriteNumber("register_tile_rows", cpu.RegisterTileRows);
        w.WriteNumber("register_tile_columns", cpu.RegisterTileColumns);
        w.WriteNumber("block_depth", cpu.BlockDepth);
        w.WriteNumber("block_columns", cpu.BlockColumns);
        w.WriteString("peak_per_core", Exact(cpu.PeakPerCore));
        w.WriteString("peak_all_cores", Exact(cpu.PeakAllCores));
        w.WriteString("launch_overhead", Exact(cpu.LaunchOverhead));
        w.WriteString("fork_join_overhead", Exact(cpu.ForkJoinOverhead));
        w.WriteString("gemm_core_rate", Exact(cpu.GemmCoreRate));
        w.WriteString("pack_transpose_bandwidth", Exact(cpu.PackTransposeBandwidth));
        w.WriteString("pack_copy_bandwidth", Exact(cpu.PackCopyBandwidth));
        w.WriteString("l2_bandwidth", Exact(cpu.L2Bandwidth));
        w.WriteString("l3_bandwidth", Exact(cpu.L3Bandwidth));
        w.WriteString("dram_bandwidth", Exact(cpu.DramBandwidth));
        if (cpu.L3StoreBandwidth.BytesPerSecond > 0)
        {
            w.WriteString("l3_store_bandwidth", Exact(cpu.L3StoreBandwidth));
        }

        if (cpu.DramStoreBandwidth.BytesPerSecond > 0)
        {
            w.WriteString("dram_store_bandwidth", Exact(cpu.DramStoreBandwidth));
        }

        w.WriteNumber("shared_bandwidth_scaling", cpu.SharedBandwidthScaling);
        w.WriteString("unfold_bandwidth", Exact(cpu.UnfoldBandwidth));
        w.WriteString("gelu_rate", Exact(cpu.GeluRate));
        w.WriteString("reduction_rate", Exact(cpu.ReductionRate));
        w.WriteString("softmax_rate", Exact(cpu.SoftmaxRate));
        w.WriteString("layer_norm_rate", Exact(cpu.LayerNormRate));
        w.WriteString("row_overhead", Exact(cpu.RowOverhead));
        w.WriteString("gemm_update_bandwidth", Exact(cpu.GemmUpdateBandwidth));
        w.WriteString("core_wake_up", Exact(cpu.CoreWakeUp));
        w.WriteNumber("single_stream_fraction", cpu.SingleStreamFraction);
        w.WriteString("cross_core_bandwidth", Exact(cpu.CrossCoreBandwidth));
        w.WriteString("loopback_latency", Exact(cpu.LoopbackLatency));
        w.WriteString("loopback_bandwidth", Exact(cpu.LoopbackBandwidth));
        if (cpu.HasOversubscribedLoopback)
        {
            w.WriteString("oversubscribed_loopback_latency", Exact(cpu.OversubscribedLoopbackLatency));
            w.WriteString("oversubscribed_loopback_bandwidth", Exact(cpu.OversubscribedLoopbackBandwidth));
            w.WriteNumber("oversubscribed_ranks_per_core", cpu.OversubscribedRanksPerCore);
        }

        if (cpu.HasLoopbackCpuTime)
        {
            w.WriteString("loopback_cpu_latency", Exact(cpu.LoopbackCpuLatency));
            w.WriteString("loopback_cpu_bandwidth", Exact(cpu.LoopbackCpuBandwidth));
        }

        w.WriteString("storage_bandwidth", Exact(cpu.StorageBandwidth));
        w.WriteString("storage_request_latency", Exact(cpu.StorageRequestLatency));
        w.WriteString("page_cache_bandwidth", Exact(cpu.PageCacheBandwidth));
        w.WriteString("read_call_overhead", Exact(cpu.ReadCallOverhead));
        w.WriteEndObject();
    }

    private static AcceleratorSpec Parse(JsonElement root, string path)
    {
        string Str(string key) => root.TryGetProperty(key, out JsonElement e) && e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : throw new KeyNotFoundException($"missing string '{key}'");

        SortedDictionary<Precision, FlopRate> peak = [];
        foreach (JsonProperty p in root.GetProperty("dense_peak").EnumerateObject())
        {
            peak[ParsePrecision(p.Name)] = FlopRate.Parse(p.Value.GetString() ?? throw new FormatException($"dense_peak.{p.Name} is not a string"));
        }

        if (peak.Count == 0)
        {
            throw new FormatException("dense_peak is empty");
        }

        SortedDictionary<Precision, double> ceiling = [];
        if (root.TryGetProperty("matmul_ceiling", out JsonElement mc))
        {
            foreach (JsonProperty p in mc.EnumerateObject())
            {
                double v = p.Value.GetDouble();
                ceiling[ParsePrecision(p.Name)] = v is > 0 and <= 1 ? v : throw new FormatException($"matmul_ceiling.{p.Name}: {v} is not in (0, 1]");
            }
        }

        foreach (Precision p in peak.Keys)
        {
            ceiling.TryAdd(p, 1.0);
        }

        return new AcceleratorSpec(
            Id,
            root.TryGetProperty("name", out JsonElement n) ? n.GetString() ?? "Host CPU (calibrated)" : "Host CPU (calibrated)",
            Bytes.Parse(Str("memory")),
            ByteRate.Parse(Str("memory_bandwidth")),
            peak.ToImmutableDictionary(),
            ceiling.ToImmutableDictionary(),
            ByteRate.Zero,
            $"calibration file {path}: " + (root.TryGetProperty("source", out JsonElement s) ? s.GetString() : ""))
        {
            FormFactor = "host CPU",
        };
    }

    private static HostCpuCostProfile ParseCpuModel(JsonElement m, string path)
    {
        if (m.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{CpuModelKey} is not an object");
        }

        string Text(string key) => m.TryGetProperty(key, out JsonElement e) && e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : throw new KeyNotFoundException($"{CpuModelKey}.{key}: missing or not a string with a unit");
        int Int(string key) => m.TryGetProperty(key, out JsonElement e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v)
            ? v
            : throw new KeyNotFoundException($"{CpuModelKey}.{key}: missing or not an integer");
        double Number(string key) => m.TryGetProperty(key, out JsonElement e) && e.ValueKind == JsonValueKind.Number
            ? e.GetDouble()
            : throw new KeyNotFoundException($"{CpuModelKey}.{key}: missing or not a number");
        FlopRate Flops(string key) => FlopRate.Parse(Text(key));
        ByteRate Rate(string key) => ByteRate.Parse(Text(key));
        Duration Time(string key) => Duration.Parse(Text(key));

        return new HostCpuCostProfile
        {
            Cores = Int("cores"),
            L2Cache = Bytes.Parse(Text("l2_cache")),
            LastLevelCache = Bytes.Parse(Text("last_level_cache")),
            RegisterTileRows = Int("register_tile_rows"),
            RegisterTileColumns = Int("register_tile_columns"),
            BlockDepth = Int("block_depth"),
            BlockColumns = Int("block_columns"),
            PeakPerCore = Flops("peak_per_core"),
            PeakAllCores = Flops("peak_all_cores"),
            LaunchOverhead = Time("launch_overhead"),
            ForkJoinOverhead = Time("fork_join_overhead"),
            GemmCoreRate = Flops("gemm_core_rate"),
            PackTransposeBandwidth = Rate("pack_transpose_bandwidth"),
            PackCopyBandwidth = Rate("pack_copy_bandwidth"),
            L2Bandwidth = Rate("l2_bandwidth"),
            L3Bandwidth = Rate("l3_bandwidth"),
            DramBandwidth = Rate("dram_bandwidth"),
            L3StoreBandwidth = m.TryGetProperty("l3_store_bandwidth", out _) ? Rate("l3_store_bandwidth") : ByteRate.Zero,
            DramStoreBandwidth = m.TryGetProperty("dram_store_bandwidth", out _) ? Rate("dram_store_bandwidth") : ByteRate.Zero,
            SharedBandwidthScaling = Number("shared_bandwidth_scaling"),
            UnfoldBandwidth = Rate("unfold_bandwidth"),
            GeluRate = Flops("gelu_rate"),
            ReductionRate = Flops("reduction_rate"),
            SoftmaxRate = Flops("softmax_rate"),
            LayerNormRate = Flops("layer_norm_rate"),
            RowOverhead = Time("row_overhead"),
            GemmUpdateBandwidth = Rate("gemm_update_bandwidth"),
            CoreWakeUp = Time("core_wake_up"),
            SingleStreamFraction = Number("single_stream_fraction"),
            CrossCoreBandwidth = Rate("cross_core_bandwidth"),
            LoopbackLatency = Time("loopback_latency"),
            LoopbackBandwidth = Rate("loopback_bandwidth"),
            OversubscribedLoopbackLatency = m.TryGetProperty("oversubscribed_loopback_latency", out _) ? Time("oversubscribed_loopback_latency") : Duration.Zero,
            OversubscribedLoopbackBandwidth = m.TryGetProperty("oversubscribed_loopback_bandwidth", out _) ? Rate("oversubscribed_loopback_bandwidth") : ByteRate.Zero,
            OversubscribedRanksPerCore = m.TryGetProperty("oversubscribed_ranks_per_core", out _) ? Number("oversubscribed_ranks_per_core") : 0,
            LoopbackCpuLatency = m.TryGetProperty("loopback_cpu_latency", out _) ? Time("loopback_cpu_latency") : Duration.Zero,
            LoopbackCpuBandwidth = m.TryGetProperty("loopback_cpu_bandwidth", out _) ? Rate("loopback_cpu_bandwidth") : ByteRate.Zero,
            StorageBandwidth = Rate("storage_bandwidth"),
            StorageRequestLatency = Time("storage_request_latency"),
            PageCacheBandwidth = Rate("page_cache_bandwidth"),
            ReadCallOverhead = Time("read_call_overhead"),
            Source = $"calibration file {path}, section {CpuModelKey}",
        }.Validated();
    }

    private static string Exact(double value, string unit) => value.ToString("R", CultureInfo.InvariantCulture) + " " + unit;

    private static string Exact(FlopRate rate) => Exact(rate.FlopsPerSecond, "FLOP/s");

    private static string Exact(ByteRate rate) => Exact(rate.BytesPerSecond, "B/s");

    private static string Exact(Duration time) => Exact(time.Seconds, "s");

    private static Precision ParsePrecision(string text) => text switch
    {
        "fp32" => Precision.Fp32,
        "tf32" => Precision.Tf32,
        "fp16" => Precision.Fp16,
        "bf16" => Precision.Bf16,
        "fp8" => Precision.Fp8,
        _ => throw new FormatException($"unknown precision '{text}' (fp32, tf32, fp16, bf16, fp8)"),
    };
}
