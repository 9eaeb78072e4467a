using System.Diagnostics;
using System.Globalization;

using DeepScale.Reporting.Files;

namespace DeepScale.Cli.Commands;

/// <summary>
/// The temporary files (<c>.NAME.PID.SEQ.tmp</c>, see <see cref="AtomicFile"/>) that a run killed mid-write leaves in
/// a results folder. A rerun deletes them before writing, so that none ends up among the results; a file whose
/// process is still running is left alone.
/// </summary>
internal static class StaleTemporaryFiles
{
    /// <summary>Deletes the stale temporary files of <paramref name="folder"/>, says so on stderr, and returns how many.</summary>
    public static int Remove(string folder)
    {
        int removed = 0;
        foreach (string file in Directory.EnumerateFiles(folder, ".*.tmp").Order(StringComparer.Ordinal))
        {
            string[] parts = Path.GetFileName(file).Split('.');
            if (parts.Length < 5
                || !int.TryParse(parts[^3], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                || !long.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out _)
                || IsRunning(pid))
            {
                continue;
            }

            try
            {
                File.Delete(file);
                removed++;
            }
            catch (IOException)
            {
                // Gone already, or held by another writer: not ours to insist on.
            }
        }

        if (removed > 0)
        {
            Console.Error.WriteLine($"deepscale: removed {removed} temporary file{(removed == 1 ? "" : "s")} an interrupted run left in {folder}");
        }

        return removed;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using Process process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
