using DeepScale.HostLab.Kernels;

namespace DeepScale.HostLab.Tests.Kernels;

[TestClass]
public sealed class ElementwiseTests
{
    private static readonly int[] s_lengths = [0, 1, 15, 17, 33, 1000];

    [TestMethod]
    public void Add_Lengths_MatchesScalar()
    {
        foreach (int n in s_lengths)
        {
            float[] x = Reference.Uniform(n, 1);
            float[] y = Reference.Uniform(n, 2);
            float[] z = new float[n];
            Elementwise.Add(x, y, z);
            CollectionAssert.AreEqual(x.Zip(y, (a, b) => a + b).ToArray(), z, $"n = {n}");
        }
    }

    [TestMethod]
    public void AddFlushToZero_SubnormalSums_BecomeZeroAndTheRestIsTheSum()
    {
        const float smallestNormal = 1.17549435e-38f;
        foreach (int n in s_lengths)
        {
            float[] x = Reference.Uniform(n, 7);
            float[] y = Reference.Uniform(n, 8);
            for (int i = 0; i < n; i += 3)
            {
                // A decayed momentum value: subnormal itself, plus a zero gradient.
                x[i] = float.Epsilon * (i + 1);
                y[i] = 0f;
            }

            float[] z = new float[n];
            Elementwise.AddFlushToZero(x, y, z);

            float[] expected = [.. x.Zip(y, (a, b) => MathF.Abs(a + b) < smallestNormal ? 0f : a + b)];
            CollectionAssert.AreEqual(expected, z, $"n = {n}");
            Assert.IsTrue(z.All(v => v == 0f || MathF.Abs(v) >= smallestNormal), $"n = {n}: no subnormal survives");
            if (n > 0)
            {
                Assert.AreEqual(0f, z[0]);
            }
        }
    }

    [TestMethod]
    public void ScaleAndAxpy_InPlace_MatchScalar()
    {
        foreach (int n in s_lengths)
        {
            float[] x = Reference.Uniform(n, 3);
            float[] y = Reference.Uniform(n, 4);
            float[] scaled = (float[])x.Clone();
            float[] axpy = (float[])y.Clone();

            Elementwise.Scale(scaled, 2.5f, scaled);
            Elementwise.Axpy(-0.5f, x, axpy);

            CollectionAssert.AreEqual(x.Select(v => 2.5f * v).ToArray(), scaled, $"scale n = {n}");
            CollectionAssert.AreEqual(x.Zip(y, (a, b) => MathF.FusedMultiplyAdd(-0.5f, a, b)).ToArray(), axpy, $"axpy n = {n}");
        }
    }

    [TestMethod]
    public void ReluAndGradient_Lengths_MatchScalar()
    {
        foreach (int n in s_lengths)
        {
            float[] x = Reference.Uniform(n, 5);
            float[] dy = Reference.Uniform(n, 6);
            float[] y = new float[n];
            float[] dx = new float[n];

            Elementwise.Relu(x, y);
            Elementwise.ReluGradient(x, dy, dx);

            CollectionAssert.AreEqual(x.Select(v => v > 0 ? v : 0f).ToArray(), y, $"relu n = {n}");
            CollectionAssert.AreEqual(x.Zip(dy, (a, g) => a > 0 ? g : 0f).ToArray(), dx, $"relu gradient n = {n}");
        }
    }

    [TestMethod]
    public void Gelu_Lengths_MatchesTanhFormInDouble()
    {
        foreach (int n in s_lengths)
        {
            float[] x = Reference.Uniform(n, 7, -6, 6);
            float[] y = new float[n];

            Elementwise.Gelu(x, y);

            Reference.AreClose(x.Select(v => Reference.GeluTanh(v)).ToArray(), y, 2e-6, $"gelu n = {n}");
        }
    }

    [TestMethod]
    public void Gelu_ExtremeInputs_SaturatesWithoutNaN()
    {
        float[] x = [-1000f, -90f, 90f, 1000f, float.MaxValue / 2, -float.MaxValue / 2, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f];
        float[] y = new float[x.Length];

        Elementwise.Gelu(x, y);

        Assert.IsFalse(y.Any(float.IsNaN));
        Assert.AreEqual(0f, y[0]);
        Assert.AreEqual(1000f, y[3]);
    }

    [TestMethod]
    public void GeluGradient_Lengths_MatchesCentralDifference()
    {
        const double H = 1e-4;
        float[] x = Reference.Uniform(101, 8, -4, 4);
        float[] dy = Reference.Uniform(101, 9);
        float[] dx = new float[x.Length];

        Elementwise.GeluGradient(x, dy, dx);

        double[] expected = x.Select((v, i) => dy[i] * (Reference.GeluTanh(v + H) - Reference.GeluTanh(v - H)) / (2 * H)).ToArray();
        Reference.AreClose(expected, dx, 1e-5, "gelu gradient");
    }

    [TestMethod]
    public void Add_LengthMismatch_ThrowsNamingKernel()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Elementwise.Add(new float[3], new float[4], new float[3]));

        Assert.Contains("elementwise.add", e.Message);
    }

    [TestMethod]
    [DataRow(ElementwiseOp.Add, 1, 12)]
    [DataRow(ElementwiseOp.Scale, 1, 8)]
    [DataRow(ElementwiseOp.Axpy, 2, 12)]
    [DataRow(ElementwiseOp.Relu, 1, 8)]
    [DataRow(ElementwiseOp.Gelu, 13, 8)]
    public void Shape_PerElementCounts_AreDocumentedValues(ElementwiseOp op, int flops, int bytes)
    {
        var shape = new ElementwiseShape(op, 1000);

        Assert.AreEqual(1000.0 * flops, shape.Flops.Flops);
        Assert.AreEqual(1000.0 * bytes, shape.BytesMoved.Count);
    }
}
