using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepScale.HostLab.Training;

/// <summary>The layout of a run's work directory and the JSON form of the launcher–worker messages.</summary>
internal static class TrainerFiles
{
    public const string ConfigName = "config.json";

    public const string RingDirectoryName = "ring";

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = false,
    };

    public static string ReportName(int rank) => string.Create(CultureInfo.InvariantCulture, $"worker-{rank}.json");

    public static void WriteJson<T>(string path, T value) =>
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, value, Json));

    public static T ReadJson<T>(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidDataException($"'{path}' holds no JSON value");
    }
}
