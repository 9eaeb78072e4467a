using System.Collections.Immutable;
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

    /// <summary>
    /// Reads a calibration file; on a missing or unreadable file returns the placeholder and a warning that names
    /// the file and what was wrong. Format (units in strings):
    /// <code>{ "name": "...", "memory": "24 GiB", "memory_bandwidth": "18 GB/s",
    ///   "dense_peak": { "fp32": "210 GFLOP/s", "bf16": "400 GFLOP/s" },
    ///   "matmul_ceiling": { "fp32": 0.8 }, "source": "calibration 2026-..." }</code>
    /// </summary>
    public static (AcceleratorSpec Device, string? Warning) Load(string path)
    {
        if (!File.Exists(path))
        {
            return (Placeholder, $"host-cpu calibration file '{path}' does not exist; using the placeholder");
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            return (Parse(doc.RootElement, path), null);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return (Placeholder, $"host-cpu calibration file '{path}' is not valid ({ex.Message}); using the placeholder");
        }
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
