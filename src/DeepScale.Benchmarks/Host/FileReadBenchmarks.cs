using BenchmarkDotNet.Attributes;

using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Host;

/// <summary>
/// Sequential reads of a whole file (4 MiB and 64 MiB) in 64 KiB and 1 MiB blocks, with the file in the page cache
/// (memory speed) or evicted from it before every read (device speed; the eviction call is inside the timing and
/// costs far less than the read). The storage probe.
/// </summary>
[MemoryDiagnoser]
public class FileReadBenchmarks : IHostBenchmark
{
    private string _path = "";
    private byte[] _block = [];

    [Params(4 << 20, 64 << 20)]
    public int FileLength { get; set; }

    [Params(64 << 10, 1 << 20)]
    public int BlockSize { get; set; }

    [Params(PageCacheMode.Warm, PageCacheMode.Evicted)]
    public PageCacheMode Cache { get; set; }

    public IKernelWork Work => new FileReadShape(FileLength, BlockSize);

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"deepscale-read-{Environment.ProcessId}-{FileLength}.bin");
        SequentialFileRead.WriteFile(_path, FileLength);
        _block = new byte[BlockSize];
        SequentialFileRead.Read(_path, _block);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true)]
    public long Read()
    {
        if (Cache == PageCacheMode.Evicted)
        {
            SequentialFileRead.TryEvictFromPageCache(_path);
        }

        return SequentialFileRead.Read(_path, _block);
    }
}
