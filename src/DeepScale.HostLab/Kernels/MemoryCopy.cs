namespace DeepScale.HostLab.Kernels;

/// <summary>
/// A bulk memory copy (the runtime's memmove, which uses the widest vector moves and, for large blocks, the
/// processor's fast string copy), on one thread or split into contiguous parts over several: the probe of
/// achievable memory bandwidth.
/// </summary>
public static class MemoryCopy
{
    /// <summary>Copies <paramref name="source"/> into the start of <paramref name="destination"/>.</summary>
    public static unsafe void Copy(ReadOnlySpan<byte> source, Span<byte> destination, int threads = 1)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException(
                $"memory_copy.destination: holds {destination.Length} bytes, the source has {source.Length}", nameof(destination));
        }

        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"memory_copy.threads: {threads} must be at least 1");
        }

        // Parts are whole 4 KiB pages so that two threads never share a page or a cache line.
        const int Page = 4096;
        long pages = (source.Length + Page - 1) / Page;
        int parts = (int)Math.Min(threads, pages);
        if (parts <= 1)
        {
            source.CopyTo(destination);
            return;
        }

        long length = source.Length;
        fixed (byte* src = source, dst = destination)
        {
            nint s = (nint)src;
            nint d = (nint)dst;
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
            {
                long start = Math.Min(length, pages * part / parts * Page);
                long end = Math.Min(length, pages * (part + 1) / parts * Page);
                Buffer.MemoryCopy((byte*)(s + (nint)start), (byte*)(d + (nint)start), end - start, end - start);
            });
        }
    }
}
