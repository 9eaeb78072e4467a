using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

using DeepScale.Experiments.Sweeps;

namespace DeepScale.Experiments.Reports;

/// <summary>
/// A sweep's manifest.json: what was asked (experiment, axes, report settings), how to reproduce it (hashes of the
/// experiment file and base spec, seeds, tool and catalog versions, build fingerprint, git commit), and what
/// happened (point counts, skipped and failed points, status, wall time). <c>deepscale report</c> regenerates the
/// plots and summary from it and points.csv alone. It is the one output that differs between two runs of a sweep.
/// </summary>
public sealed record SweepManifest
{
    /// <summary>The <see cref="Kind"/> of a sweep of training scenarios.</summary>
    public const string TrainingKind = "training";

    /// <summary>The <see cref="Kind"/> of a sweep of collectives.</summary>
    public const string CollectiveKind = "collective";

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("experiment")] public required string Experiment { get; init; }
    [JsonPropertyName("description")] public string Description { get; init; } = "";
    [JsonPropertyName("experiment_file")] public required string ExperimentFile { get; init; }
    [JsonPropertyName("results_dir")] public required string ResultsDirectory { get; init; }
    [JsonPropertyName("experiment_sha256")] public required string ExperimentSha256 { get; init; }
    [JsonPropertyName("base_spec_sha256")] public string BaseSpecSha256 { get; init; } = "";
    [JsonPropertyName("variant")] public required string Variant { get; init; }
    [JsonPropertyName("mode")] public required string Mode { get; init; }
    [JsonPropertyName("axes")] public required IReadOnlyList<ManifestAxis> Axes { get; init; }
    [JsonPropertyName("report")] public ManifestReport Report { get; init; } = new();
    [JsonPropertyName("overlays")] public IReadOnlyList<CollectiveOverlay> Overlays { get; init; } = [];
    [JsonPropertyName("seeds")] public IReadOnlyList<ulong> Seeds { get; init; } = [];
    [JsonPropertyName("fidelities")] public IReadOnlyList<string> Fidelities { get; init; } = [];
    [JsonPropertyName("deepscale_version")] public required string DeepscaleVersion { get; init; }
    [JsonPropertyName("catalog_version")] public required string CatalogVersion { get; init; }
    [JsonPropertyName("build_fingerprint")] public required string BuildFingerprint { get; init; }
    [JsonPropertyName("git_commit")] public required string GitCommit { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("counts")] public required ManifestCounts Counts { get; init; }
    [JsonPropertyName("skipped")] public IReadOnlyList<ManifestNote> Skipped { get; init; } = [];
    [JsonPropertyName("failed")] public IReadOnlyList<ManifestNote> Failed { get; init; } = [];
    [JsonPropertyName("started_utc")] public required string StartedUtc { get; init; }
    [JsonPropertyName("wall_s")] public required double WallS { get; init; }
    [JsonPropertyName("jobs")] public required int Jobs { get; init; }
    [JsonPropertyName("host")] public required string Host { get; init; }

    /// <summary>The manifest as indented JSON text ending in a newline.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json) + "\n";

    /// <summary>Reads a manifest; throws <see cref="InvalidDataException"/> naming <paramref name="source"/> when it is not one.</summary>
    public static SweepManifest Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<SweepManifest>(json, s_json)
                ?? throw new InvalidDataException($"{source}: the manifest is empty (null)");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: not a sweep manifest: {ex.Message}", ex);
        }
    }

    /// <summary>"linux-x64, 2 cores, .NET 10.0.0": the machine a sweep ran on, for the record.</summary>
    public static string DescribeHost() =>
        $"{System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";
}
