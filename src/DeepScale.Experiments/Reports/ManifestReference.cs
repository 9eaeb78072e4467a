using System.Text.Json.Serialization;

using DeepScale.Experiments.Sweeps;

namespace DeepScale.Experiments.Reports;

/// <summary>The reference of a report as a manifest records it: the file is the copy kept in the results folder.</summary>
public sealed record ManifestReference
{
    [JsonPropertyName("file")] public required string File { get; init; }
    [JsonPropertyName("key")] public required string Key { get; init; }
    [JsonPropertyName("key_column")] public required string KeyColumn { get; init; }
    [JsonPropertyName("metric")] public required string Metric { get; init; }
    [JsonPropertyName("column")] public required string Column { get; init; }
    [JsonPropertyName("quantity")] public required string Quantity { get; init; }
    [JsonPropertyName("label_column")] public string? LabelColumn { get; init; }
    [JsonPropertyName("label_suffix")] public string LabelSuffix { get; init; } = "";
    [JsonPropertyName("source")] public string Source { get; init; } = "published";

    /// <summary>The record of <paramref name="settings"/>, naming the copy <paramref name="copiedAs"/> in the results folder.</summary>
    public static ManifestReference From(ReferenceSettings settings, string copiedAs)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ManifestReference
        {
            File = copiedAs,
            Key = settings.Key,
            KeyColumn = settings.KeyColumn,
            Metric = settings.Metric,
            Column = settings.Column,
            Quantity = settings.Quantity,
            LabelColumn = settings.LabelColumn,
            LabelSuffix = settings.LabelSuffix,
            Source = settings.Source,
        };
    }

    /// <summary>The settings, with the file resolved against the results folder <paramref name="resultsDirectory"/>.</summary>
    public ReferenceSettings ToSettings(string resultsDirectory) =>
        new(File, Path.GetFullPath(Path.Combine(resultsDirectory, File)), Key, KeyColumn, Metric, Column, Quantity)
        {
            LabelColumn = LabelColumn,
            LabelSuffix = LabelSuffix,
            Source = Source,
        };
}
