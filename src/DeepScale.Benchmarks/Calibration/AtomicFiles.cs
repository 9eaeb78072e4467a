using System.Globalization;
using System.Text;

namespace DeepScale.Benchmarks.Calibration;

/// <summary>
/// Writes files and folders so that a reader never sees half of one: the content goes to a temporary name in the
/// same folder, then a rename puts it in place (a rename within one file system replaces the target atomically).
/// </summary>
public static class AtomicFiles
{
    /// <summary>Writes <paramref name="text"/> (UTF-8, no byte-order mark) to <paramref name="path"/>.</summary>
    public static void WriteText(string path, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(text);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = TemporaryName(full);
        try
        {
            File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Replaces the folder <paramref name="directory"/> by a fresh one holding copies of <paramref name="files"/>
    /// (flat, by file name): the copies are assembled under a temporary name first, then the old folder is moved
    /// aside, the new one renamed into place, and the old one deleted.
    /// </summary>
    public static IReadOnlyList<string> ReplaceDirectory(string directory, IEnumerable<string> files)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(files);
        string full = Path.GetFullPath(directory.TrimEnd(Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string staging = TemporaryName(full);
        string aside = TemporaryName(full) + "-old";
        Directory.CreateDirectory(staging);
        try
        {
            foreach (string file in files)
            {
                File.Copy(file, Path.Combine(staging, Path.GetFileName(file)), overwrite: true);
            }

            bool movedAside = false;
            if (Directory.Exists(full))
            {
                Directory.Move(full, aside);
                movedAside = true;
            }

            try
            {
                Directory.Move(staging, full);
            }
            catch (IOException) when (movedAside)
            {
                Directory.Move(aside, full);
                throw;
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            if (Directory.Exists(aside))
            {
                Directory.Delete(aside, recursive: true);
            }
        }

        return [.. Directory.GetFiles(full).Order(StringComparer.Ordinal)];
    }

    private static string TemporaryName(string path) =>
        string.Create(CultureInfo.InvariantCulture, $"{path}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
}
