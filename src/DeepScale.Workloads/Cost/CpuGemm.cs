using System.Globalization;

using DeepScale.Core.Units;

namespace DeepScale.Workloads.Cost;

/// <summary>
/// A dense float32 product <c>C[M×N] = op(A)[M×K] · op(B)[K×N]</c>, all matrices row-major.
/// <see cref="TransposeA"/> means A is stored as its transpose (K×M), <see cref="TransposeB"/> that B is stored as
/// N×K: the two forms the backward pass of a linear layer with row-major weights needs (<c>dW = Xᵀ·dY</c>,
/// <c>dX = dY·Wᵀ</c>).
/// </summary>
public sealed record CpuGemm(int M, int N, int K, bool TransposeA = false, bool TransposeB = false) : CpuKernel
{
    /// <summary>2·M·N·K.</summary>
    public override FlopCount Flops => new(2.0 * M * N * K);

    /// <summary>A and B read once, C written once.</summary>
    public override Bytes BytesMoved => new(FloatBytes * (((double)M * K) + ((double)K * N) + ((double)M * N)));

    /// <summary>Elements of the stored A operand.</summary>
    public long ElementsA => (long)M * K;

    /// <summary>Elements of the stored B operand.</summary>
    public long ElementsB => (long)K * N;

    /// <summary>Elements of the result C.</summary>
    public long ElementsC => (long)M * N;

    /// <summary>"M×N×K" with the transposed operands marked, e.g. "64x512x512 Bt".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{M}x{N}x{K}") + (TransposeA ? " At" : "") + (TransposeB ? " Bt" : "");
}
