using System.Globalization;

using DeepScale.Core.Units;

namespace DeepScale.HostLab.Kernels;

/// <summary>
/// An element-wise kernel over <see cref="Length"/> float32 elements. These kernels do a few operations per
/// element and are bound by memory bandwidth at every size that leaves the L1/L2 caches.
/// </summary>
public readonly record struct ElementwiseShape(ElementwiseOp Op, long Length) : IKernelWork
{
    /// <summary>
    /// Operations per element: add, scale and ReLU (a compare-select) count one, axpy two (one FMA), and GELU 13:
    /// five for u = √(2/π)(x + 0.044715x³), five for tanh through e^{2u} (doubling, exp counted as one, add,
    /// divide, subtract) and three for 0.5·x·(1 + t).
    /// </summary>
    public int FlopsPerElement => Op switch
    {
        ElementwiseOp.Add or ElementwiseOp.Scale or ElementwiseOp.Relu => 1,
        ElementwiseOp.Axpy => 2,
        ElementwiseOp.Gelu => 13,
        _ => throw new ArgumentOutOfRangeException(nameof(Op), Op, null),
    };

    /// <summary>Arrays streamed per element: two inputs and an output for add and axpy, else one and one.</summary>
    public int StreamsPerElement => Op is ElementwiseOp.Add or ElementwiseOp.Axpy ? 3 : 2;

    public FlopCount Flops => new((double)FlopsPerElement * Length);

    public Bytes BytesMoved => new((double)sizeof(float) * StreamsPerElement * Length);

    /// <summary>"Add 1048576".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Op} {Length}");
}
