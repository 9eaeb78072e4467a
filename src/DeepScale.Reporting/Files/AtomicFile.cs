using System.Text;

namespace DeepScale.Reporting.Files;

/// <summary>
/// Writes a file so that readers only ever see the old content or the complete new content: the bytes go to a
/// temporary file in the same directory, which is flushed to disk and then renamed over the target (an atomic
/// replace on POSIX file systems). An interrupted write leaves no half-written file behind.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding s_utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Distinguishes temporary files of concurrent writers in one process.</summary>
    private static long s_sequence;

    /// <summary>Writes <paramref name="path"/> from what <paramref name="write"/> puts into the stream.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(write);
        string target = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(target)
            ?? throw new ArgumentException($"'{path}' names no file inside a directory.", nameof(path));
        Directory.CreateDirectory(directory);
        long sequence = Interlocked.Increment(ref s_sequence);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{sequence}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes text as UTF-8 without a byte order mark.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, s_utf8NoBom.GetBytes(text));
    }

    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, stream => stream.Write(bytes));
    }
}
