using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Memory;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Tests.Accounting;

/// <summary>
/// The language-model loss over b·s rows of V logits: Megatron-LM's passes over fp32 logits keep the fp32
/// probabilities and hold the 16-bit logits with their fp32 gradient while the backward runs; one fused kernel on the
/// 16-bit logits keeps them and a per-row log-sum-exp, and writes a 16-bit gradient.
/// </summary>
[TestClass]
public sealed class LossAccountingTests
{
    private static Operator Loss(bool fused) =>
        ModelAccountant.Account(ModelZoo.Get("gpt3-1.7b"), new AccountingOptions { MicroBatch = 2, FusedLoss = fused })
            .Operators.Single(o => o.Kind == OperatorKind.Loss);

    private static (double Rows, double Logits) Shape()
    {
        TransformerModel m = ModelZoo.GetTransformer("gpt3-1.7b");
        double rows = 2.0 * m.SeqLen;
        return (rows, rows * m.Vocab);
    }

    [TestMethod]
    public void Megatron_KeepsFp32ProbabilitiesAndHoldsLogitsWithAnFp32Gradient()
    {
        (_, double n) = Shape();
        Operator loss = Loss(fused: false);

        Assert.AreEqual(4 * n, loss.SavedActivations.Count, 1);
        Assert.AreEqual(n * (2 + 4), MemoryAccountant.LogitsTemporaryBytes(loss), 1);
    }

    [TestMethod]
    public void Fused_KeepsTheSixteenBitLogitsAndOnePerRowStatistic()
    {
        (double rows, double n) = Shape();
        Operator loss = Loss(fused: true);

        Assert.AreEqual((2 * n) + (4 * rows), loss.SavedActivations.Count, 1);
        Assert.AreEqual(2 * n, MemoryAccountant.LogitsTemporaryBytes(loss), 1);
        Assert.AreEqual(2 * n, loss.Forward.Read.Count, 1);
        Assert.IsLessThan(Loss(fused: false).Forward.Moved.Count / 10, loss.Forward.Moved.Count);
    }
}
