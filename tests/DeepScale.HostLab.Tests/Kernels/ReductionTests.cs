using DeepScale.HostLab.Kernels;

namespace DeepScale.HostLab.Tests.Kernels;

[TestClass]
public sealed class ReductionTests
{
    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(63)]
    [DataRow(64)]
    [DataRow(65)]
    [DataRow(1000)]
    [DataRow(100_003)]
    public void Sum_Lengths_MatchesDoubleSum(int n)
    {
        float[] values = Reference.Uniform(n, 21, 0, 1);

        float sum = Reduction.Sum(values);

        double expected = values.Sum(v => (double)v);
        Assert.AreEqual(expected, sum, 1e-5 * Math.Max(1, expected));
    }

    [TestMethod]
    public void ColumnSums_Matrix_MatchesNaive()
    {
        const int Rows = 13;
        const int Cols = 37;
        float[] matrix = Reference.Uniform(Rows * Cols, 22);
        float[] sums = Reference.Uniform(Cols, 23);

        Reduction.ColumnSums(matrix, Rows, Cols, sums);

        double[] expected = Enumerable.Range(0, Cols).Select(j => Enumerable.Range(0, Rows).Sum(i => (double)matrix[(i * Cols) + j])).ToArray();
        Reference.AreClose(expected, sums, 1e-6, "column sums");
    }

    [TestMethod]
    public void Shape_Sum_IsOneFlopAndFourBytesPerElement()
    {
        var shape = new ReductionShape(1 << 20);

        Assert.AreEqual(1 << 20, shape.Flops.Flops);
        Assert.AreEqual(4.0 * (1 << 20), shape.BytesMoved.Count);
    }
}
