namespace DeepScale.Cli.Commands;

/// <summary>
/// Checks an output folder a user names before any work runs: it must not be a file, and the nearest folder that
/// exists on its path must take new files (the command creates the rest), so a run never spends minutes and then
/// fails to write.
/// </summary>
internal static class OutputFolder
{
    /// <summary>Throws a <see cref="UsageException"/> naming <paramref name="option"/> when <paramref name="path"/> cannot be written.</summary>
    public static void Check(string verb, string option, string path)
    {
        string full = Path.GetFullPath(path);
        string? existing = full;
        while (existing is not null && !Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                throw new UsageException(existing == full
                    ? $"{verb}: {option} {path} is a file, not a results folder"
                    : $"{verb}: {option} {path}: {existing} is a file, so no folder can be made under it");
            }

            existing = Path.GetDirectoryName(existing);
        }

        if (existing is null)
        {
            throw new UsageException($"{verb}: {option} {path}: no folder on that path exists");
        }

        string probe = Path.Combine(existing, $".deepscale-write-check-{Environment.ProcessId}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{verb}: {option} {path}: cannot write in {existing} ({e.Message.TrimEnd('.')})");
        }
    }
}
