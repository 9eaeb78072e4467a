namespace DeepScale.Cli;

/// <summary>Writes a file under a temporary name and renames it, so a reader never sees half a file.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string contents)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, contents);
        File.Move(temporary, path, overwrite: true);
    }
}
