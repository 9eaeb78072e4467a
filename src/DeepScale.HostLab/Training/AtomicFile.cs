using System.Globalization;

namespace DeepScale.HostLab.Training;

/// <summary>
/// Writes a file so that readers see either the old file or the complete new one, never a half-written one:
/// the content goes to a temporary name in the same directory and is renamed over the target at the end; on
/// failure the temporary file is deleted.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string temporary = string.Create(CultureInfo.InvariantCulture, $"{full}.tmp-{Environment.ProcessId}");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
