using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeepScale.Cli.Commands;

/// <summary>The JSON settings of every machine-readable output: indented, UTF-8 as is, keys as the contract names them.</summary>
public static class ResultJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
