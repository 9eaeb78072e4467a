using DeepScale.Core.Random;
using DeepScale.HostLab.Kernels;
using DeepScale.HostLab.Training;

namespace DeepScale.HostLab.Tests.Training;

[TestClass]
public sealed class MlpTests
{
    [TestMethod]
    [DataRow(Activation.Gelu)]
    [DataRow(Activation.Relu)]
    public void Backward_SmallNetwork_MatchesCentralDifferences(Activation activation)
    {
        int[] widths = [5, 7, 6, 3];
        const int Batch = 4;
        var mlp = new Mlp(widths, activation, Batch, 1);
        mlp.Initialize(new DeterministicRandom(3));
        var random = new DeterministicRandom(4);
        for (int i = 0; i < mlp.ParameterCount; i++)
        {
            mlp.Parameters[i] += (float)random.Normal(0, 0.1);
        }

        float[] x = Kernels.Reference.Uniform(Batch * widths[0], 5, -2, 2);
        int[] labels = [0, 2, 1, 2];
        float[] gradients = new float[mlp.ParameterCount];
        mlp.Forward(x, labels, Batch);
        mlp.Backward(gradients);

        const float H = 1e-3f;
        int checkedCount = 0;
        for (int i = 0; i < mlp.ParameterCount; i++)
        {
            float saved = mlp.Parameters[i];
            mlp.Parameters[i] = saved + H;
            double plus = mlp.Forward(x, labels, Batch).Loss;
            mlp.Parameters[i] = saved - H;
            double minus = mlp.Forward(x, labels, Batch).Loss;
            mlp.Parameters[i] = saved;
            double numeric = (plus - minus) / (2 * H);
            Assert.AreEqual(numeric, gradients[i], 2e-3 + (0.03 * Math.Abs(numeric)), $"parameter {i}");
            checkedCount++;
        }

        Assert.AreEqual(MlpWork.ParameterCount(widths), checkedCount);
    }

    [TestMethod]
    public void Work_FlopCounts_MatchTheDenseLayerClosedForm()
    {
        int[] widths = [32, 512, 512, 10];
        const int Batch = 64;
        double dense = 2.0 * Batch * ((32 * 512) + (512 * 512) + (512 * 10));

        double forwardGemm = MlpWork.Forward(widths, Batch, Activation.Relu).OfType<GemmShape>().Sum(g => g.Flops.Flops);
        double backwardGemm = MlpWork.Backward(widths, Batch, Activation.Relu).OfType<GemmShape>().Sum(g => g.Flops.Flops);

        Assert.AreEqual((33 * 512) + (513 * 512) + (513 * 10), MlpWork.ParameterCount(widths));
        Assert.AreEqual(dense, forwardGemm);
        Assert.AreEqual((2 * dense) - (2.0 * Batch * 32 * 512), backwardGemm);
    }
}
