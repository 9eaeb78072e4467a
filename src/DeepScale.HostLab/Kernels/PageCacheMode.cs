namespace DeepScale.HostLab.Kernels;

/// <summary>Whether a file read starts with the file in the operating system's page cache.</summary>
public enum PageCacheMode
{
    /// <summary>Whatever the cache holds (after a first read, the whole file): memory-speed reads.</summary>
    Warm,

    /// <summary>The file's cached pages are dropped first (Linux posix_fadvise DONTNEED): reads reach the device.</summary>
    Evicted,
}
