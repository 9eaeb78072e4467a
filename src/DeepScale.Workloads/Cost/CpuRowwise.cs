using DeepScale.Core.Units;

namespace DeepScale.Workloads.Cost;

/// <summary>
/// A row-wise kernel over a row-major <see cref="Rows"/>×<see cref="Columns"/> float32 matrix that makes several
/// passes over each row: softmax (5 counted operations per element: max, subtract, exponent, sum, scale) or layer
/// normalisation (8: sum; subtract, square, add; subtract, multiply; multiply, add).
/// </summary>
public sealed record CpuRowwise(bool LayerNorm, int Rows, int Columns) : CpuKernel
{
    public long Elements => (long)Rows * Columns;

    public int FlopsPerElement => LayerNorm ? 8 : 5;

    public override FlopCount Flops => new((double)FlopsPerElement * Elements);

    /// <summary>The matrix read once and written once; layer norm also reads γ and β once.</summary>
    public override Bytes BytesMoved => new(FloatBytes * ((2.0 * Elements) + (LayerNorm ? 2.0 * Columns : 0)));

    /// <summary>Softmax of each row.</summary>
    public static CpuRowwise Softmax(int rows, int columns) => new(false, rows, columns);
}
