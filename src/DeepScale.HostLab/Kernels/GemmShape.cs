using System.Globalization;

using DeepScale.Core.Units;

namespace DeepScale.HostLab.Kernels;

/// <summary>
/// The shape of a dense single-precision matrix product <c>C[M×N] = op(A)[M×K] · op(B)[K×N]</c>, all matrices
/// row-major. <see cref="TransposeA"/> means A is stored as its transpose (K×M), <see cref="TransposeB"/> that B is
/// stored as N×K: the two forms a backward pass needs (<c>dW = Xᵀ·dY</c>, <c>dX = dY·Wᵀ</c>).
/// </summary>
public readonly record struct GemmShape(int M, int N, int K, bool TransposeA = false, bool TransposeB = false) : IKernelWork
{
    /// <summary>2·M·N·K: one multiply and one add per term of every dot product.</summary>
    public FlopCount Flops => new(2.0 * M * N * K);

    /// <summary>A and B read once, C written once, four bytes per element.</summary>
    public Bytes BytesMoved => new(sizeof(float) * (((double)M * K) + ((double)K * N) + ((double)M * N)));

    /// <summary>Elements of the stored A operand.</summary>
    public long ElementsA => (long)M * K;

    /// <summary>Elements of the stored B operand.</summary>
    public long ElementsB => (long)K * N;

    /// <summary>Elements of the result C.</summary>
    public long ElementsC => (long)M * N;

    /// <summary>Throws when a dimension is negative.</summary>
    public void Validate()
    {
        Require(M, "gemm.m");
        Require(N, "gemm.n");
        Require(K, "gemm.k");
    }

    private static void Require(int value, string field)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(field, value, $"{field}: {value} must not be negative");
        }
    }

    /// <summary>"M×N×K" with the transposed operands marked, e.g. "256x256x256" or "64x512x128 Bt".</summary>
    public override string ToString()
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"{M}x{N}x{K}");
        if (TransposeA)
        {
            text += " At";
        }

        if (TransposeB)
        {
            text += " Bt";
        }

        return text;
    }
}
