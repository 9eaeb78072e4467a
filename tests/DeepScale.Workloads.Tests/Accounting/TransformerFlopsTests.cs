using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Tests.Accounting;

[TestClass]
public sealed class TransformerFlopsTests
{
    [TestMethod]
    [DataRow("gpt3-1.7b", 8)]
    [DataRow("gpt3-175b", 4)]
    [DataRow("gpt3-1t", 1)]
    public void HardwareFlops_FullRecompute_EqualsNarayananEquation3(string id, int batch)
    {
        // F = 96·B·s·l·h²·(1 + s/(6h) + V/(16·l·h)) (Narayanan et al. 2021, Eq. 3): forward, backward and the
        // recomputed forward of every layer, plus forward and backward of the logits.
        TransformerModel m = ModelZoo.GetTransformer(id);
        ModelAccount a = ModelAccountant.Account(m, new AccountingOptions
        {
            MicroBatch = batch,
            Recompute = RecomputeMode.Full,
            Attention = AttentionImplementation.Unfused,
        });
        double s = m.SeqLen, l = m.Layers, h = m.Hidden, v = m.Vocab;
        double eq3 = 96 * batch * s * l * h * h * (1 + (s / (6 * h)) + (v / (16 * l * h)));

        Assert.AreEqual(eq3, a.HardwareFlops.Flops, eq3 * 0.01);
        Assert.AreEqual(eq3, a.HardwareFlops.Flops, eq3 * 1e-9, "the GEMM count is exact, not approximate");
    }

    [TestMethod]
    [DataRow("gpt3-1.7b", 8, RecomputeMode.None)]
    [DataRow("gpt3-175b", 1, RecomputeMode.Full)]
    [DataRow("gpt3-530b", 2, RecomputeMode.Selective)]
    public void ModelFlops_AnyRecompute_EqualsKorthikantiEquation7(string id, int batch, RecomputeMode recompute)
    {
        // Model FLOPs = 72·B·L·s·h²·(1 + s/(6h) + v/(12·h·L)) (Korthikanti et al. 2022, Eq. 7), independent of recomputation.
        TransformerModel m = ModelZoo.GetTransformer(id);
        ModelAccount a = ModelAccountant.Account(m, new AccountingOptions { MicroBatch = batch, Recompute = recompute });
        double s = m.SeqLen, l = m.Layers, h = m.Hidden, v = m.Vocab;
        double eq7 = 72 * batch * l * s * h * h * (1 + (s / (6 * h)) + (v / (12 * h * l)));

        Assert.AreEqual(eq7, a.ModelFlops.Flops, eq7 * 0.01);
    }

    [TestMethod]
    [DataRow("gpt3-175b")]
    [DataRow("gpt3-7.5b")]
    public void ModelFlops_VersusSixNTokens_DifferByTheAttentionTerm(string id)
    {
        // 6·N·tokens counts every parameter once per token (Kaplan et al. 2020); model FLOPs add attention's
        // 12·l·s·h per token (QKᵀ and probabilities·V, forward and backward) and nothing else of size.
        TransformerModel m = ModelZoo.GetTransformer(id);
        ModelAccount a = ModelAccountant.Account(m, new AccountingOptions { MicroBatch = 2 });
        double tokens = 2.0 * m.SeqLen;
        double sixN = 6.0 * ModelAccountant.CountParameters(m) * tokens;
        double attention = 12.0 * m.Layers * m.SeqLen * m.Hidden * tokens;

        Assert.AreEqual(sixN + attention, a.ModelFlops.Flops, a.ModelFlops.Flops * 0.01);
        Assert.IsGreaterThan(sixN, a.ModelFlops.Flops);
    }

    [TestMethod]
    public void HardwareFlops_FlashAttention_AddsTheRecomputedScoresOfItsBackward()
    {
        // FlashAttention's backward recomputes QKᵀ: 2.5× the forward attention FLOPs instead of 2× (Dao 2023).
        TransformerModel m = ModelZoo.GetTransformer("gpt3-1.7b");
        ModelAccount flash = ModelAccountant.Account(m, new AccountingOptions { Attention = AttentionImplementation.Flash });
        ModelAccount unfused = ModelAccountant.Account(m, new AccountingOptions { Attention = AttentionImplementation.Unfused });
        double attentionForward = 4.0 * m.SeqLen * m.SeqLen * m.Hidden * m.Layers;

        Assert.AreEqual(unfused.ModelFlops.Flops, flash.ModelFlops.Flops, 1);
        Assert.AreEqual(0.5 * attentionForward, flash.HardwareFlops.Flops - unfused.HardwareFlops.Flops, attentionForward * 1e-9);
    }

    [TestMethod]
    public void Account_TensorParallel_DividesMatmulFlopsAndShardedParameters()
    {
        TransformerModel m = ModelZoo.GetTransformer("gpt3-175b");
        ModelAccount one = ModelAccountant.Account(m, new AccountingOptions());
        ModelAccount eight = ModelAccountant.Account(m, new AccountingOptions { TensorParallel = 8 });

        Assert.AreEqual(one.ModelFlops.Flops / 8, eight.ModelFlops.Flops, one.ModelFlops.Flops * 1e-12);
        // Norms and row-parallel biases are replicated: slightly more than 1/8 of the parameters per rank.
        Assert.IsGreaterThan(one.ParametersPerRank / 8, eight.ParametersPerRank);
        Assert.AreEqual(one.ParametersPerRank / 8.0, eight.ParametersPerRank, one.ParametersPerRank * 0.001);
    }

    [TestMethod]
    public void Account_EmbeddingAndHead_AreLayersWithWorkAndMemory()
    {
        TransformerModel m = ModelZoo.GetTransformer("llama2-7b");
        ModelAccount a = ModelAccountant.Account(m, new AccountingOptions { MicroBatch = 1 });
        LayerAccount embedding = a.Layers[0], head = a.Layers[^1];

        Assert.AreEqual(LayerKind.Embedding, embedding.Kind);
        Assert.AreEqual(LayerKind.Head, head.Kind);
        Assert.AreEqual(32000L * 4096, embedding.Parameters);
        Assert.AreEqual((32000L * 4096) + 4096, head.Parameters, "untied logits plus the final RMSNorm");
        Assert.AreEqual(3 * 2.0 * 4096 * 32000 * 4096, head.ModelFlops.Flops, 1e3);
        Assert.IsGreaterThan(0, embedding.Operators.Sum(o => o.Forward.Moved.Count));
        Assert.IsGreaterThan(0, head.SavedActivations.Count);
        Assert.AreEqual(m.Layers + 2, a.Layers.Length);
    }

    [TestMethod]
    public void Account_TensorParallel_RecordsMegatronCollectives()
    {
        TransformerModel m = ModelZoo.GetTransformer("gpt3-175b");
        ModelAccount tp = ModelAccountant.Account(m, new AccountingOptions { TensorParallel = 8 });
        ModelAccount sp = ModelAccountant.Account(m, new AccountingOptions { TensorParallel = 8, SequenceParallel = true });
        ModelAccount single = ModelAccountant.Account(m, new AccountingOptions());
        LayerAccount tpLayer = tp.Layers[1], spLayer = sp.Layers[1];

        // Without sequence parallelism: two all-reduces forward (after proj, fc2), two backward (before qkv, fc1).
        Assert.AreEqual(2, tpLayer.Operators.SelectMany(o => o.Exchanges).Count(x => x.Phase == ExecutionPhase.Forward && x.Kind == ExchangeKind.AllReduce));
        Assert.AreEqual(2, tpLayer.Operators.SelectMany(o => o.Exchanges).Count(x => x.Phase == ExecutionPhase.Backward && x.Kind == ExchangeKind.AllReduce));
        // With it: all-gathers and reduce-scatters instead, no all-reduce.
        Assert.AreEqual(0, spLayer.Operators.SelectMany(o => o.Exchanges).Count(x => x.Kind == ExchangeKind.AllReduce));
        Assert.AreEqual(2, spLayer.Operators.SelectMany(o => o.Exchanges).Count(x => x.Phase == ExecutionPhase.Forward && x.Kind == ExchangeKind.ReduceScatter));
        Assert.IsEmpty(single.Operators.SelectMany(o => o.Exchanges));
    }

    [TestMethod]
    public void Account_ResNet50_ForwardMacsMatchPublishedFourGiga()
    {
        // torchvision lists ResNet-50 at 4.09 GFLOPS per 224×224 image, counting multiply-adds.
        ModelAccount a = ModelAccountant.Account(ModelZoo.Get("resnet50"), new AccountingOptions { MicroBatch = 1 });
        double macs = a.Operators.Where(o => o.IsMatmul).Sum(o => o.Forward.Flops.Flops) / 2;

        Assert.AreEqual(4.09e9, macs, 4.09e9 * 0.02);
    }

    [TestMethod]
    public void Account_FirstConvolution_HasNoInputGradient()
    {
        ModelAccount a = ModelAccountant.Account(ModelZoo.Get("mammo-cnn"), new AccountingOptions());
        Operator stem = a.Operators.First(o => o.Kind == OperatorKind.Convolution);

        Assert.IsTrue(stem.BackwardInput.IsEmpty);
        Assert.IsFalse(stem.BackwardWeight.IsEmpty);
    }
}
