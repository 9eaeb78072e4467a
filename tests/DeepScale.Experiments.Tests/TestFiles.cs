namespace DeepScale.Experiments.Tests;

/// <summary>Paths of the data files copied next to the test assembly.</summary>
internal static class TestFiles
{
    public static string Root => AppContext.BaseDirectory;

    public static string Good => Path.Combine(Root, "Specs", "Good");

    public static string BadInputs => Path.Combine(Root, "BadInputs");

    public static string Experiments => Path.Combine(Root, "Experiments");

    /// <summary>File names (without folder) of the files matching <paramref name="pattern"/>, sorted ordinally.</summary>
    public static IEnumerable<string> Names(string folder, string pattern) =>
        Directory.EnumerateFiles(folder, pattern).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;
}
