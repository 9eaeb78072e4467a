using DeepScale.Core.Units;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Tests.Accounting;

/// <summary>The memory traffic of a transformer block's element-wise backward passes, against hand counts.</summary>
[TestClass]
public sealed class BackwardTrafficTests
{
    private const int Batch = 2;

    private static (Operator Op, double N) Find(string name, bool fused)
    {
        TransformerModel m = ModelZoo.GetTransformer("gpt3-1.7b");
        ModelAccount a = ModelAccountant.Account(m, new AccountingOptions
        {
            MicroBatch = Batch,
            Precision = Precision.Fp16,
            FusedElementwise = fused,
            Attention = AttentionImplementation.Unfused,
        });
        Operator op = a.Layers.First(l => l.Kind == LayerKind.Transformer).Operators.Single(o => o.Name == name);
        return (op, (double)Batch * m.SeqLen * m.Hidden);
    }

    [TestMethod]
    public void Fused_BiasDropoutAdd_BackwardAlsoReducesTheBiasAndSumsTheResidualGradients()
    {
        (Operator op, double n) = Find("mlp.bias_dropout_add", fused: true);

        // dropout: dY and the 1-byte mask in, dX out; bias: dX read again; residual fork: two gradients in, one out.
        Assert.AreEqual((n * 3) + (n * 2) + (2 * n * 2), op.BackwardInput.Read.Count, 1);
        Assert.AreEqual((n * 2) + (n * 2), op.BackwardInput.Written.Count, 1);
    }

    [TestMethod]
    public void Unfused_Residual_BackwardSumsTheTwoGradientsOfTheBlockInput()
    {
        (Operator op, double n) = Find("attn.residual", fused: false);

        Assert.AreEqual(2 * n * 2, op.BackwardInput.Read.Count, 1);
        Assert.AreEqual(n * 2, op.BackwardInput.Written.Count, 1);
    }

    [TestMethod]
    public void Fused_BiasGelu_BackwardReadsTheGradientAgainForTheBias()
    {
        (Operator op, double n) = Find("mlp.bias_gelu", fused: true);
        double inner = 4 * n;

        Assert.AreEqual(3 * inner * 2, op.BackwardInput.Read.Count, 1);
        Assert.AreEqual(inner * 2, op.BackwardInput.Written.Count, 1);
    }
}
