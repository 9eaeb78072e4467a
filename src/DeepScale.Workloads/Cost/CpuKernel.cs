using DeepScale.Core.Units;

namespace DeepScale.Workloads.Cost;

/// <summary>
/// One call of an in-memory kernel on a CPU, as <see cref="CpuKernelModel"/> times it: a blocked GEMM, a convolution
/// by unfolding and GEMM, a single-pass element-wise map, a sum reduction, a row-wise kernel (softmax, layer norm) or
/// a bulk copy. Float32 throughout; sizes are element counts of the arrays the call touches. Immutable.
/// </summary>
public abstract record CpuKernel
{
    /// <summary>Bytes in one float32 element.</summary>
    public const double FloatBytes = sizeof(float);

    /// <summary>Floating-point operations of the call (an FMA counts as two).</summary>
    public abstract FlopCount Flops { get; }

    /// <summary>Compulsory bytes read plus bytes written by the call.</summary>
    public abstract Bytes BytesMoved { get; }
}
