using BenchmarkDotNet.Attributes;

using DeepScale.Core.Units;
using DeepScale.HostLab.Kernels;
using DeepScale.HostLab.Processes;

namespace DeepScale.Benchmarks.Host;

/// <summary>
/// Ring all-reduce between this process and its peer processes over loopback TCP, from 4 KiB (latency-bound, the α
/// term) to 16 MiB (bandwidth-bound, the β term), among 2 and 4 processes: on a 2-core host the second ring runs two
/// processes per core, which measures what a step costs when the ranks share the cores (context switches, caches
/// shared in time). Each ring also runs with all its processes pinned to one core (<see cref="RingPlacement.OneCore"/>):
/// there the members' steps run one after another, which measures the processor time of a step alone; spread over
/// the cores, a step also waits for a sleeping member to wake on its idle core. The peers are started in the global
/// setup (inheriting the pinning) and leave when the ring closes in the global cleanup.
/// </summary>
[MemoryDiagnoser]
public class AllReduceBenchmarks : IHostBenchmark
{
    private static readonly Duration s_timeout = Duration.FromSeconds(30);
    private string _directory = "";
    private WorkerProcessGroup? _peers;
    private LoopbackRing? _ring;
    private float[] _data = [];
    private IReadOnlyList<int>? _allowed;

    /// <summary>Float32 elements: 4 KiB, 64 KiB, 1 MiB and 16 MiB messages.</summary>
    [Params(1 << 10, 1 << 14, 1 << 18, 1 << 22)]
    public int Elements { get; set; }

    /// <summary>Processes in the ring, this one included.</summary>
    [Params(2, 4)]
    public int Ranks { get; set; } = 2;

    /// <summary>Where the ring's processes run.</summary>
    [Params(RingPlacement.Spread, RingPlacement.OneCore)]
    public RingPlacement Placement { get; set; }

    public IKernelWork Work => new AllReduceShape(Elements, Ranks, Placement);

    [GlobalSetup]
    public void Setup()
    {
        if (Placement == RingPlacement.OneCore)
        {
            _allowed = CoreAffinity.Allowed();
            CoreAffinity.PinProcess([_allowed[0]]);
        }

        _directory = Directory.CreateTempSubdirectory("deepscale-allreduce-").FullName;
        WorkerCommand command = WorkerCommand.ForAssembly(typeof(AllReduceBenchmarks).Assembly, RingPeer.Verb);
        _peers = RingPeer.Start(command, _directory, Ranks, Elements, s_timeout);
        try
        {
            _ring = LoopbackRing.Connect(_directory, 0, Ranks, s_timeout);
        }
        catch
        {
            _peers.Dispose();
            _peers = null;
            Unpin();
            throw;
        }

        _data = new float[Elements];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ring?.Dispose();
        try
        {
            _peers?.WaitForExit(s_timeout);
        }
        finally
        {
            _peers?.Dispose();
            Directory.Delete(_directory, recursive: true);
            Unpin();
        }
    }

    [Benchmark(Baseline = true)]
    public void AllReduce() => RingAllReduce.Sum(_ring!, _data);

    private void Unpin()
    {
        if (_allowed is not null)
        {
            CoreAffinity.PinProcess(_allowed);
            _allowed = null;
        }
    }
}
