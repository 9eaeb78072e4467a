using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Tests.Accounting;

/// <summary>
/// Model FLOPs count the work training needs (forward, and one backward product per operand that needs a
/// gradient); hardware FLOPs what the device runs. Without recomputation they agree wherever the kernels do exactly
/// that work, so hardware utilization is never below model utilization.
/// </summary>
[TestClass]
public sealed class ModelFlopsTests
{
    [TestMethod]
    [DataRow("resnet50")]
    [DataRow("mammo-cnn")]
    [DataRow("gpt3-1.7b")]
    public void NoRecompute_ModelFlopsEqualHardwareFlops_ExceptFusedAttentionsRecomputedScores(string id)
    {
        ModelAccount a = ModelAccountant.Account(ModelZoo.Get(id), new AccountingOptions { Attention = AttentionImplementation.Unfused });

        Assert.AreEqual(a.Operators.Sum(o => o.HardwareFlops.Flops), a.ModelFlops.Flops, a.ModelFlops.Flops * 1e-12);
    }

    [TestMethod]
    public void TheLayerThatReadsTheData_CountsItsForwardTwice()
    {
        ModelAccount a = ModelAccountant.Account(ModelZoo.Get("resnet50"), new AccountingOptions());
        Operator first = a.Operators.First(o => o.Kind == OperatorKind.Convolution);

        Assert.IsTrue(first.BackwardInput.IsEmpty);
        Assert.AreEqual(2 * first.Forward.Flops.Flops, first.ModelFlops.Flops, 1e-6);
        Operator second = a.Operators.Where(o => o.Kind == OperatorKind.Convolution).Skip(1).First();
        Assert.AreEqual(3 * second.Forward.Flops.Flops, second.ModelFlops.Flops, 1e-6);
    }

    [TestMethod]
    public void FusedAttention_HardwareAboveModel_ByTheRecomputedScores()
    {
        ModelAccount a = ModelAccountant.Account(ModelZoo.Get("llama3-8b"), new AccountingOptions { Attention = AttentionImplementation.Flash });
        Operator flash = a.Operators.First(o => o.Kind == OperatorKind.FusedAttention);

        Assert.AreEqual(3 * flash.Forward.Flops.Flops, flash.ModelFlops.Flops, 1e-3);
        Assert.AreEqual(3.5 * flash.Forward.Flops.Flops, flash.HardwareFlops.Flops, flash.Forward.Flops.Flops * 1e-9);
    }
}
