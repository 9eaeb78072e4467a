using DeepScale.Core.Units;

namespace DeepScale.HostLab.Kernels;

/// <summary>
/// The work one invocation of a host micro-kernel does for a given shape: the floating-point operations it
/// performs and the bytes it must move to or from memory (or the wire, or the disk). A cost model is fitted by
/// dividing measured times by these two counts (roofline: time ≈ max(Flops / peak, BytesMoved / bandwidth)).
/// </summary>
/// <remarks>
/// <see cref="BytesMoved"/> is the compulsory traffic: every operand read once and every result written once.
/// Cache misses beyond that (re-reads of a blocked GEMM operand, write-allocate reads) are what the fitted
/// efficiency absorbs.
/// </remarks>
public interface IKernelWork
{
    /// <summary>Floating-point operations of one invocation (an FMA counts as two).</summary>
    FlopCount Flops { get; }

    /// <summary>Compulsory bytes read plus bytes written by one invocation.</summary>
    Bytes BytesMoved { get; }
}
