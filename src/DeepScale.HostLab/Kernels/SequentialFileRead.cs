using System.Runtime.InteropServices;

using DeepScale.Core.Random;

using Microsoft.Win32.SafeHandles;

namespace DeepScale.HostLab.Kernels;

/// <summary>
/// Sequential reads of a file in large blocks (the storage probe and the trainer's data path): unbuffered
/// positional reads into one caller-owned block, with an optional eviction of the file from the page cache so
/// that a read measures the device instead of memory.
/// </summary>
public static partial class SequentialFileRead
{
    /// <summary>Reads the whole file through <paramref name="block"/> and returns the number of bytes read.</summary>
    public static long Read(string path, Span<byte> block)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (block.IsEmpty)
        {
            throw new ArgumentException("file_read.block: the block buffer must not be empty", nameof(block));
        }

        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        long offset = 0;
        while (true)
        {
            int n = RandomAccess.Read(handle, block, offset);
            if (n == 0)
            {
                return offset;
            }

            offset += n;
        }
    }

    /// <summary>
    /// Drops the file's pages from the page cache (Linux: posix_fadvise POSIX_FADV_DONTNEED, which discards
    /// clean pages only; <see cref="WriteFile"/> flushes to disk so all pages are clean). Returns false where the
    /// operating system offers no such call, in which case reads stay warm.
    /// </summary>
    public static bool TryEvictFromPageCache(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        try
        {
            const int PosixFadviseDontNeed = 4;
            return PosixFadvise((int)handle.DangerousGetHandle(), 0, 0, PosixFadviseDontNeed) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Writes a file of <paramref name="length"/> pseudo-random bytes and flushes it to the device.</summary>
    public static void WriteFile(string path, long length, ulong seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var random = new DeterministicRandom(seed);
        byte[] chunk = new byte[1 << 20];
        Span<ulong> words = MemoryMarshal.Cast<byte, ulong>(chunk.AsSpan());
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = random.NextUInt64();
        }

        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0))
        {
            long left = length;
            while (left > 0)
            {
                int n = (int)Math.Min(left, chunk.Length);
                stream.Write(chunk, 0, n);
                left -= n;
            }

            stream.Flush(flushToDisk: true);
        }
    }

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int PosixFadvise(int fd, long offset, long length, int advice);
}
