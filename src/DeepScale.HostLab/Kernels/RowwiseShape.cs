using System.Globalization;

using DeepScale.Core.Units;

namespace DeepScale.HostLab.Kernels;

/// <summary>A row-wise kernel over a row-major <see cref="Rows"/>×<see cref="Cols"/> float32 matrix.</summary>
public readonly record struct RowwiseShape(RowwiseOp Op, int Rows, int Cols) : IKernelWork
{
    /// <summary>
    /// Softmax: 5 per element (max, subtract, exp counted as one, sum, scale). Layer norm: 8 per element (sum;
    /// subtract, square, add for the variance; subtract and multiply to normalise; multiply and add for γ, β).
    /// </summary>
    public int FlopsPerElement => Op == RowwiseOp.Softmax ? 5 : 8;

    public long Elements => (long)Rows * Cols;

    public FlopCount Flops => new((double)FlopsPerElement * Elements);

    /// <summary>The matrix read once and written once; layer norm also reads γ and β once.</summary>
    public Bytes BytesMoved => new(sizeof(float) * ((2.0 * Elements) + (Op == RowwiseOp.LayerNorm ? 2.0 * Cols : 0)));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Op} {Rows}x{Cols}");
}
