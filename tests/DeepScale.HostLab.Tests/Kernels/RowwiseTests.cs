using DeepScale.HostLab.Kernels;

namespace DeepScale.HostLab.Tests.Kernels;

[TestClass]
public sealed class RowwiseTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(10)]
    [DataRow(16)]
    [DataRow(37)]
    [DataRow(100)]
    public void Softmax_Rows_MatchesDoubleReferenceAndSumsToOne(int cols)
    {
        const int Rows = 5;
        float[] x = Reference.Uniform(Rows * cols, 31, -8, 8);
        float[] y = new float[x.Length];

        Softmax.Rows(x, y, Rows, cols);

        var expected = new double[x.Length];
        for (int r = 0; r < Rows; r++)
        {
            double max = Enumerable.Range(0, cols).Max(j => (double)x[(r * cols) + j]);
            double sum = Enumerable.Range(0, cols).Sum(j => Math.Exp(x[(r * cols) + j] - max));
            for (int j = 0; j < cols; j++)
            {
                expected[(r * cols) + j] = Math.Exp(x[(r * cols) + j] - max) / sum;
            }

            Assert.AreEqual(1.0, y.Skip(r * cols).Take(cols).Sum(v => (double)v), 1e-5);
        }

        Reference.AreClose(expected, y, 1e-5, "softmax");
    }

    [TestMethod]
    public void Softmax_HugeLogits_StaysFinite()
    {
        float[] x = Enumerable.Range(0, 20).Select(i => 1000f + i).ToArray();
        float[] y = new float[x.Length];

        Softmax.Rows(x, y, 1, x.Length);

        Assert.IsFalse(y.Any(v => !float.IsFinite(v)));
        Assert.AreEqual(1.0 - Math.Exp(-1), y[^1], 1e-3);
    }

    [TestMethod]
    [DataRow(7)]
    [DataRow(64)]
    [DataRow(130)]
    public void LayerNorm_Rows_MatchesDoubleReference(int cols)
    {
        const int Rows = 4;
        float[] x = Reference.Uniform(Rows * cols, 32, -3, 5);
        float[] gamma = Reference.Uniform(cols, 33, 0.5, 1.5);
        float[] beta = Reference.Uniform(cols, 34);
        float[] y = new float[x.Length];

        LayerNorm.Rows(x, gamma, beta, y, Rows, cols);

        var expected = new double[x.Length];
        for (int r = 0; r < Rows; r++)
        {
            double[] row = x.Skip(r * cols).Take(cols).Select(v => (double)v).ToArray();
            double mean = row.Average();
            double variance = row.Select(v => (v - mean) * (v - mean)).Average();
            for (int j = 0; j < cols; j++)
            {
                expected[(r * cols) + j] = ((row[j] - mean) / Math.Sqrt(variance + LayerNorm.DefaultEpsilon) * gamma[j]) + beta[j];
            }
        }

        Reference.AreClose(expected, y, 2e-5, "layer norm");
    }

    [TestMethod]
    public void Shape_Counts_AreDocumentedValues()
    {
        var softmax = new RowwiseShape(RowwiseOp.Softmax, 64, 1000);
        var norm = new RowwiseShape(RowwiseOp.LayerNorm, 64, 1000);

        Assert.AreEqual(5.0 * 64000, softmax.Flops.Flops);
        Assert.AreEqual(8.0 * 64000, softmax.BytesMoved.Count);
        Assert.AreEqual(8.0 * 64000, norm.Flops.Flops);
        Assert.AreEqual((8.0 * 64000) + 8000, norm.BytesMoved.Count);
    }

    [TestMethod]
    public void Softmax_ShortOutput_ThrowsNamingKernel()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Softmax.Rows(new float[20], new float[10], 2, 10));

        Assert.Contains("softmax", e.Message);
    }
}
