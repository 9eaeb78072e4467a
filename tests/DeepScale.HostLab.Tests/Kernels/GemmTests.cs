using DeepScale.HostLab.Kernels;

namespace DeepScale.HostLab.Tests.Kernels;

[TestClass]
public sealed class GemmTests
{
    [TestMethod]
    [DataRow(1, 1, 1, false, false)]
    [DataRow(7, 33, 5, false, false)]
    [DataRow(8, 32, 256, false, false)]
    [DataRow(9, 31, 257, false, false)]
    [DataRow(65, 17, 300, false, false)]
    [DataRow(150, 70, 20, false, false)]
    [DataRow(3, 4100, 2, false, false)]
    [DataRow(130, 40, 600, true, false)]
    [DataRow(33, 47, 530, false, true)]
    [DataRow(29, 61, 45, true, true)]
    public void Multiply_Shapes_MatchesNaiveReference(int m, int n, int k, bool transposeA, bool transposeB)
    {
        var shape = new GemmShape(m, n, k, transposeA, transposeB);
        float[] a = Reference.Uniform(shape.ElementsA, 1);
        float[] b = Reference.Uniform(shape.ElementsB, 2);
        float[] c = Reference.Uniform(shape.ElementsC, 3);

        Gemm.Multiply(a, b, c, shape);

        Reference.AreClose(Reference.Gemm(a, b, shape), c, 1e-6 * k + 1e-6, shape.ToString());
    }

    [TestMethod]
    [DataRow(37, 75, 530, false, false)]
    [DataRow(300, 9, 260, true, false)]
    [DataRow(21, 200, 77, false, true)]
    public void Multiply_EveryKernelAndThreadCount_GivesIdenticalBits(int m, int n, int k, bool transposeA, bool transposeB)
    {
        var shape = new GemmShape(m, n, k, transposeA, transposeB);
        float[] a = Reference.Uniform(shape.ElementsA, 4);
        float[] b = Reference.Uniform(shape.ElementsB, 5);
        float[] expected = new float[shape.ElementsC];
        Gemm.Multiply(a, b, expected, shape, 1, GemmKernel.Portable);

        foreach (GemmKernel kernel in new[] { GemmKernel.Best, GemmKernel.Avx512, GemmKernel.Avx2, GemmKernel.Portable })
        {
            if ((kernel == GemmKernel.Avx512 && !System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
                || (kernel == GemmKernel.Avx2 && !(System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported)))
            {
                continue;
            }

            foreach (int threads in new[] { 1, 2, 3 })
            {
                float[] c = new float[shape.ElementsC];
                Gemm.Multiply(a, b, c, shape, threads, kernel);
                CollectionAssert.AreEqual(expected, c, $"{kernel} on {threads} threads");
            }
        }
    }

    [TestMethod]
    public void Multiply_ZeroDepth_ClearsResult()
    {
        float[] c = [1, 2, 3, 4];

        Gemm.Multiply([], [], c, new GemmShape(2, 2, 0));

        CollectionAssert.AreEqual(new float[4], c);
    }

    [TestMethod]
    public void Multiply_ShortOperand_ThrowsNamingIt()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Gemm.Multiply(new float[5], new float[6], new float[4], new GemmShape(2, 2, 3)));

        Assert.Contains("gemm.a", e.Message);
    }

    [TestMethod]
    public void Multiply_ZeroThreads_Throws()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Gemm.Multiply(new float[4], new float[4], new float[4], new GemmShape(2, 2, 2), 0));

        Assert.Contains("gemm.threads", e.Message);
    }

    [TestMethod]
    public void Shape_FlopsAndBytes_FollowTheClosedForm()
    {
        var shape = new GemmShape(64, 128, 256);

        Assert.AreEqual(2.0 * 64 * 128 * 256, shape.Flops.Flops);
        Assert.AreEqual(4.0 * ((64 * 256) + (256 * 128) + (64 * 128)), shape.BytesMoved.Count);
        Assert.AreEqual("64x128x256 Bt", (shape with { TransposeB = true }).ToString());
    }

    [TestMethod]
    public void KernelName_OnThisHost_IsKnown()
    {
        CollectionAssert.Contains(new[] { "avx512", "avx2", "portable" }, Gemm.KernelName);
    }
}
