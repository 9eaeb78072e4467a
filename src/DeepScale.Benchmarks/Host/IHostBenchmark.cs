using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Host;

/// <summary>A host micro-kernel benchmark whose current parameters define the work one invocation does.</summary>
public interface IHostBenchmark
{
    /// <summary>FLOPs and bytes of one invocation at the current parameter values.</summary>
    IKernelWork Work { get; }
}
