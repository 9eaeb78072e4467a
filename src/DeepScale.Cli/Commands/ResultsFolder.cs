namespace DeepScale.Cli.Commands;

/// <summary>The default output folder of a command under <c>results/</c>, named after a spec or experiment.</summary>
public static class ResultsFolder
{
    /// <summary>
    /// <c>results/&lt;parts…&gt;/&lt;name&gt;</c> with the name reduced to one safe folder name: ASCII letters, digits,
    /// '-', '_' and '.', every other character a '-', and never "." or ".." (a name cannot climb out of results/).
    /// </summary>
    public static string For(string name, params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(name);
        string safe = new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]);
        if (safe.Length == 0 || safe.All(c => c == '.'))
        {
            safe = "-" + safe;
        }

        return Path.Combine(["results", .. parts, safe]);
    }
}
