using DeepScale.HostLab.Kernels;

namespace DeepScale.HostLab.Tests.Kernels;

[TestClass]
public sealed class Conv2dTests
{
    [TestMethod]
    [DataRow(2, 3, 7, 9, 4, 3, 1, 1, true)]
    [DataRow(1, 2, 8, 8, 3, 2, 2, 0, false)]
    [DataRow(2, 1, 5, 5, 2, 5, 1, 2, true)]
    [DataRow(1, 16, 12, 12, 8, 3, 2, 1, false)]
    public void Forward_Shapes_MatchesDirectConvolution(int n, int c, int h, int w, int k, int r, int stride, int padding, bool withBias)
    {
        var shape = new Conv2dShape(n, c, h, w, k, r, stride, padding);
        float[] x = Reference.Uniform(shape.InputElements, 11);
        float[] weights = Reference.Uniform(shape.WeightElements, 12);
        float[] bias = withBias ? Reference.Uniform(k, 13) : [];
        float[] y = new float[shape.OutputElements];

        Conv2d.Forward(x, weights, bias, y, shape, threads: 2);

        Reference.AreClose(Reference.Conv(x, weights, bias, shape), y, 1e-5, shape.ToString());
    }

    [TestMethod]
    public void Shape_OutputAndFlops_FollowTheClosedForm()
    {
        var shape = new Conv2dShape(8, 16, 32, 32, 32, 3, 1, 1);

        Assert.AreEqual(32, shape.OutHeight);
        Assert.AreEqual(32, shape.OutWidth);
        Assert.AreEqual(2.0 * 8 * 32 * 32 * 32 * 16 * 3 * 3, shape.Flops.Flops);
        Assert.AreEqual(4.0 * ((8 * 16 * 32 * 32) + (32 * 16 * 9) + (8 * 32 * 32 * 32)), shape.BytesMoved.Count);
    }

    [TestMethod]
    public void Validate_KernelLargerThanImage_ThrowsNamingField()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Conv2dShape(1, 1, 2, 2, 1, 5).Validate());

        Assert.Contains("conv2d.kernel_size", e.Message);
    }
}
