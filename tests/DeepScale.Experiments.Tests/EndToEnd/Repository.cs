namespace DeepScale.Experiments.Tests.EndToEnd;

/// <summary>Paths in the repository the test assembly was built from (found by walking up to DeepScale.sln).</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Experiments => Path.Combine(Root, "experiments");

    public static string Cases => Path.Combine(Root, "tests", "DeepScale.Experiments.Tests", "EndToEnd", "Cases");

    /// <summary>The CLI built in the test assembly's configuration, or null when it has not been built.</summary>
    public static string? Cli
    {
        get
        {
            string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
            string path = Path.Combine(Root, "src", "DeepScale.Cli", "bin", configuration, "net10.0", "deepscale.dll");
            return File.Exists(path) ? path : null;
        }
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "DeepScale.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException($"no DeepScale.sln above {AppContext.BaseDirectory}");
    }
}
