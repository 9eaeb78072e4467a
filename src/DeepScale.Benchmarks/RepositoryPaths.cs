namespace DeepScale.Benchmarks;

/// <summary>Finds the repository root (the folder holding DeepScale.sln) from the current directory upwards.</summary>
public static class RepositoryPaths
{
    public static string Root()
    {
        for (DirectoryInfo? dir = new(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeepScale.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
