using DeepScale.Core.Units;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Tests.Accounting;

/// <summary>
/// Context parallelism in the accounting: a rank holds s / c tokens of each sequence, so everything per token
/// divides by c; its queries attend to the whole sequence, whose keys and values it all-gathers from its context
/// group (Megatron-Core's all-gather form of context parallelism).
/// </summary>
[TestClass]
public sealed class ContextParallelAccountingTests
{
    private static ModelAccount Account(string id, int t, int c, bool sp = false, RecomputeMode recompute = RecomputeMode.None,
        ContextCommunication form = ContextCommunication.AllGather) =>
        ModelAccountant.Account(ModelZoo.Get(id), new AccountingOptions
        {
            TensorParallel = t,
            ContextParallel = c,
            ContextCommunication = form,
            SequenceParallel = sp,
            Recompute = recompute,
            Attention = AttentionImplementation.Flash,
            Precision = Precision.Bf16,
        });

    private static Operator Attention(ModelAccount a) =>
        a.LayersOf(LayerKind.Transformer).First().Operators.Single(o => o.Kind == OperatorKind.FusedAttention);

    [TestMethod]
    [DataRow("llama3-8b", 1, 2)]
    [DataRow("llama3-8b", 4, 4)]
    [DataRow("gpt3-175b", 8, 2)]
    public void SavedActivations_DivideByTheContextSize(string id, int t, int c)
    {
        double one = Account(id, t, 1, sp: t > 1).LayersOf(LayerKind.Transformer).First().SavedActivations.Count;
        double split = Account(id, t, c, sp: t > 1).LayersOf(LayerKind.Transformer).First().SavedActivations.Count;
        Assert.AreEqual(one / c, split, one * 1e-12);
    }

    [TestMethod]
    [DataRow(2)]
    [DataRow(8)]
    public void GemmWork_DividesByTheContextSize_AttentionToo(int c)
    {
        ModelAccount one = Account("llama3-70b", 8, 1);
        ModelAccount split = Account("llama3-70b", 8, c);
        Assert.AreEqual(one.ModelFlops.Flops / c, split.ModelFlops.Flops, one.ModelFlops.Flops * 1e-12);
        Operator a1 = Attention(one), ac = Attention(split);
        Assert.AreEqual(a1.Forward.Flops.Flops / c, ac.Forward.Flops.Flops, a1.Forward.Flops.Flops * 1e-12);
        Assert.AreEqual(one.ParametersPerRank, split.ParametersPerRank, "context parallelism does not shard weights");
    }

    [TestMethod]
    public void AttentionShape_QueriesAreTheRanksShare_KeysTheWholeSequence()
    {
        TransformerModel m = ModelZoo.GetTransformer("llama3-8b");
        AttentionShape shape = Attention(Account("llama3-8b", 2, 4)).Attention!;
        Assert.AreEqual(m.SeqLen, shape.SeqLen);
        Assert.AreEqual(m.SeqLen / 4, shape.Queries);
        Assert.AreEqual(m.Heads / 2, shape.Heads);
        Assert.IsNull(Attention(Account("llama3-8b", 2, 1)).Attention!.QueryLen);
    }

    [TestMethod]
    public void Exchanges_GatherKeysAndValuesForwardAndBackward_ScatterTheirGradients()
    {
        TransformerModel m = ModelZoo.GetTransformer("llama3-70b");
        const int t = 8, c = 4;
        Operator attention = Attention(Account("llama3-70b", t, c));
        // Keys and values of the whole sequence, this rank's key/value heads, bf16: 2 · s · (g / t) · d · 2 bytes.
        double gathered = 2.0 * m.SeqLen * (m.KvHeads / t) * m.HeadDim * 2;
        ModelParallelExchange[] exchanges = [.. attention.Exchanges];
        Assert.HasCount(3, exchanges);
        Assert.IsTrue(exchanges.All(e => e.Group == ExchangeGroup.Context && e.Payload.Count == gathered));
        Assert.AreEqual(ExchangeKind.AllGather, exchanges.Single(e => e.Phase == ExecutionPhase.Forward).Kind);
        CollectionAssert.AreEquivalent(new[] { ExchangeKind.AllGather, ExchangeKind.ReduceScatter },
            exchanges.Where(e => e.Phase == ExecutionPhase.Backward).Select(e => e.Kind).ToArray());
        Assert.IsEmpty(Attention(Account("llama3-70b", t, 1)).Exchanges);
    }

    [TestMethod]
    public void RingExchanges_CarryShardsBesideTheKernel_AndHoldTwoShards()
    {
        TransformerModel m = ModelZoo.GetTransformer("llama3-70b");
        const int t = 8, c = 4;
        Operator attention = Attention(Account("llama3-70b", t, c, form: ContextCommunication.P2P));
        double gathered = 2.0 * m.SeqLen * (m.KvHeads / t) * m.HeadDim * 2;
        ModelParallelExchange[] exchanges = [.. attention.Exchanges];
        Assert.HasCount(3, exchanges);
        Assert.IsTrue(exchanges.All(e => e.Group == ExchangeGroup.Context && e.Ring == c));

        // Forward: the whole sequence's keys and values arrive as c − 1 shifts of one rank's shard.
        ModelParallelExchange forward = exchanges.Single(e => e.Phase == ExecutionPhase.Forward);
        Assert.AreEqual(ExchangeKind.AllGather, forward.Kind);
        Assert.AreEqual(gathered, forward.Payload.Count, 1e-6);
        Assert.AreEqual(2 * gathered / c, forward.Transient.Count, 1e-6, "two shards in flight, not the whole gather");

        // Backward: each shift carries a key/value shard and the previous shard's gradients; the last gradients go
        // home after the kernel: (c − 1) key/value shards and c gradient shards in all.
        ModelParallelExchange feed = exchanges.Single(e => e.Phase == ExecutionPhase.Backward && e.BeforeOperator);
        ModelParallelExchange home = exchanges.Single(e => e.Phase == ExecutionPhase.Backward && !e.BeforeOperator);
        Assert.AreEqual(2 * gathered, feed.Payload.Count, 1e-6);
        Assert.AreEqual(ExchangeKind.SendRecv, home.Kind);
        Assert.AreEqual(gathered / c, home.Payload.Count, 1e-6);
        double moved = (feed.Payload.Count / c * (c - 1)) + home.Payload.Count;
        Assert.AreEqual(((c - 1) + c) * gathered / c, moved, 1e-6);
    }

    [TestMethod]
    public void AllToAll_SplitsHeadsInsteadOfKeys_SameWorkNoRemoteReads()
    {
        TransformerModel m = ModelZoo.GetTransformer("llama3-70b");
        const int t = 2, c = 4;
        Operator ring = Attention(Account("llama3-70b", t, c, form: ContextCommunication.P2P));
        Operator a2a = Attention(Account("llama3-70b", t, c, form: ContextCommunication.AllToAll));

        // The whole sequence for a quarter of the rank's heads: the same FLOPs as s / c queries of every head.
        Assert.AreEqual(ring.Forward.Flops.Flops, a2a.Forward.Flops.Flops, ring.Forward.Flops.Flops * 1e-12);
        Assert.AreEqual(m.Heads / t / c, a2a.Attention!.Heads);
        Assert.AreEqual(m.KvHeads / t / c, a2a.Attention.KvHeads);
        Assert.IsNull(a2a.Attention.QueryLen);
        Assert.IsLessThan(ring.Forward.Read.Count, a2a.Forward.Read.Count, "no gathered keys and values to read");

        // Queries, keys and values out before the kernel, the output back after it; gradients the other way.
        double tokens = (double)m.SeqLen / c;
        double qkv = tokens * (m.Heads + (2.0 * m.KvHeads)) / t * m.HeadDim * 2;
        double output = tokens * m.Heads / t * m.HeadDim * 2;
        ModelParallelExchange[] exchanges = [.. a2a.Exchanges];
        Assert.HasCount(4, exchanges);
        Assert.IsTrue(exchanges.All(e => e.Kind == ExchangeKind.AllToAll && e.Group == ExchangeGroup.Context && e.Ring == 0));
        Assert.AreEqual(qkv, exchanges.Single(e => e.Phase == ExecutionPhase.Forward && e.BeforeOperator).Payload.Count, 1e-6);
        Assert.AreEqual(output, exchanges.Single(e => e.Phase == ExecutionPhase.Forward && !e.BeforeOperator).Payload.Count, 1e-6);
        Assert.AreEqual(output, exchanges.Single(e => e.Phase == ExecutionPhase.Backward && e.BeforeOperator).Payload.Count, 1e-6);
        Assert.AreEqual(qkv, exchanges.Single(e => e.Phase == ExecutionPhase.Backward && !e.BeforeOperator).Payload.Count, 1e-6);
    }

    [TestMethod]
    public void AllToAll_NeedsTheRanksHeadsDivisible()
    {
        // Llama 3 70B: 64 query and 8 key/value heads; tensor 2 leaves 4 key/value heads, which 8 ranks cannot split.
        WorkloadSpecException e = Assert.ThrowsExactly<WorkloadSpecException>(() => Account("llama3-70b", 2, 8, form: ContextCommunication.AllToAll));
        Assert.AreEqual("parallelism.context_comm", e.Field);
    }

    [TestMethod]
    public void TensorExchanges_CarryTheRanksTokensOnly()
    {
        ModelAccount one = Account("llama3-8b", 4, 1);
        ModelAccount split = Account("llama3-8b", 4, 2);
        Operator qkv1 = one.Operators.First(o => o.Name == "attn.qkv");
        Operator qkv2 = split.Operators.First(o => o.Name == "attn.qkv");
        Assert.AreEqual(qkv1.Exchanges.Single().Payload.Count / 2, qkv2.Exchanges.Single().Payload.Count);
        Assert.AreEqual(ExchangeGroup.Tensor, qkv2.Exchanges.Single().Group);
    }

    [TestMethod]
    [DataRow(3, "do not divide seq_len")]
    [DataRow(0, "parallelism.context")]
    public void InvalidContextSize_NamesTheField(int c, string message)
    {
        WorkloadSpecException ex = Assert.ThrowsExactly<WorkloadSpecException>(() => Account("llama3-8b", 1, c));
        StringAssert.Contains(ex.Message, message);
    }

    [TestMethod]
    public void UnfusedAttention_OrANonTransformer_IsRejected()
    {
        WorkloadSpecException unfused = Assert.ThrowsExactly<WorkloadSpecException>(() => ModelAccountant.Account(ModelZoo.Get("llama3-8b"),
            new AccountingOptions { ContextParallel = 2, Attention = AttentionImplementation.Unfused }));
        StringAssert.Contains(unfused.Message, "fused attention");
        WorkloadSpecException cnn = Assert.ThrowsExactly<WorkloadSpecException>(() => ModelAccountant.Account(ModelZoo.Get("resnet50"),
            new AccountingOptions { ContextParallel = 2 }));
        StringAssert.Contains(cnn.Message, "parallelism.context");
    }
}
