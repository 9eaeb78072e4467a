using System.Text.Json.Serialization;

using DeepScale.Experiments.Sweeps;

namespace DeepScale.Experiments.Reports;

/// <summary>The report settings of a sweep as its manifest records them, resolved (the sample count filled in).</summary>
public sealed record ManifestReport
{
    [JsonPropertyName("epochs")] public int? Epochs { get; init; }
    [JsonPropertyName("samples")] public long? Samples { get; init; }
    [JsonPropertyName("token_budget")] public double? TokenBudget { get; init; }
    [JsonPropertyName("timeline")] public bool Timeline { get; init; }
    [JsonPropertyName("reference")] public ManifestReference? Reference { get; init; }

    /// <summary>The record of <paramref name="settings"/>, with <paramref name="samples"/> as the resolved sample count.</summary>
    public static ManifestReport From(ReportSettings settings, long? samples, string? referenceCopy)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ManifestReport
        {
            Epochs = settings.Epochs,
            Samples = settings.Samples ?? samples,
            TokenBudget = settings.TokenBudget,
            Timeline = settings.Timeline,
            Reference = settings.Reference is { } r && referenceCopy is not null ? ManifestReference.From(r, referenceCopy) : null,
        };
    }

    /// <summary>The settings, with a reference file resolved against the results folder.</summary>
    public ReportSettings ToSettings(string resultsDirectory) => new()
    {
        Epochs = Epochs,
        Samples = Samples,
        TokenBudget = TokenBudget,
        Timeline = Timeline,
        Reference = Reference?.ToSettings(resultsDirectory),
    };
}
