namespace DeepScale.HostLab.Tests;

/// <summary>A fresh directory under the system temporary folder, deleted on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory() => Path = Directory.CreateTempSubdirectory("deepscale-hostlab-").FullName;

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A worker process killed a moment ago may still hold a file open.
        }
    }
}
