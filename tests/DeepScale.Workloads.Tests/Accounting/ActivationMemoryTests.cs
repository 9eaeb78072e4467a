using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Tests.Accounting;

/// <summary>Korthikanti et al. 2022, Table 2: activation bytes per transformer layer, 16-bit activations.</summary>
[TestClass]
public sealed class ActivationMemoryTests
{
    private static double LayerActivations(string id, int t, bool sp, RecomputeMode recompute, int batch = 1)
    {
        ModelAccount a = ModelAccountant.Account(ModelZoo.Get(id), new AccountingOptions
        {
            MicroBatch = batch,
            TensorParallel = t,
            SequenceParallel = sp,
            Recompute = recompute,
            Attention = AttentionImplementation.Unfused,
            Precision = Core.Units.Precision.Bf16,
        });
        return a.LayersOf(LayerKind.Transformer).First().SavedActivations.Count;
    }

    private static (double Sbh, double AsOverH) Terms(string id, int batch)
    {
        TransformerModel m = ModelZoo.GetTransformer(id);
        return ((double)m.SeqLen * batch * m.Hidden, (double)m.Heads * m.SeqLen / m.Hidden);
    }

    [TestMethod]
    [DataRow("gpt3-175b", 1)]
    [DataRow("gpt3-530b", 2)]
    [DataRow("gpt3-1t", 1)]
    public void NoParallelism_Equals34PlusFiveAsOverH(string id, int batch)
    {
        (double sbh, double ash) = Terms(id, batch);
        Assert.AreEqual(sbh * (34 + (5 * ash)), LayerActivations(id, 1, false, RecomputeMode.None, batch), 1e-6);
    }

    [TestMethod]
    [DataRow("gpt3-175b", 8)]
    [DataRow("gpt3-530b", 8)]
    [DataRow("gpt3-1t", 4)]
    public void TensorParallel_Equals10Plus24OverT(string id, int t)
    {
        (double sbh, double ash) = Terms(id, 1);
        Assert.AreEqual(sbh * (10 + (24.0 / t) + (5 * ash / t)), LayerActivations(id, t, false, RecomputeMode.None), 1e-6);
    }

    [TestMethod]
    [DataRow("gpt3-175b", 8)]
    [DataRow("gpt3-1t", 8)]
    public void TensorAndSequenceParallel_Equals34OverT(string id, int t)
    {
        (double sbh, double ash) = Terms(id, 1);
        Assert.AreEqual(sbh * ((34.0 / t) + (5 * ash / t)), LayerActivations(id, t, true, RecomputeMode.None), 1e-6);
    }

    [TestMethod]
    [DataRow("gpt3-175b", 8)]
    [DataRow("gpt3-530b", 8)]
    public void TensorParallelSelectiveRecompute_Equals10Plus24OverT(string id, int t)
    {
        (double sbh, _) = Terms(id, 1);
        Assert.AreEqual(sbh * (10 + (24.0 / t)), LayerActivations(id, t, false, RecomputeMode.Selective), 1e-6);
    }

    [TestMethod]
    [DataRow("gpt3-175b", 8)]
    [DataRow("gpt3-1t", 8)]
    public void TensorSequenceParallelSelectiveRecompute_Equals34OverT(string id, int t)
    {
        (double sbh, _) = Terms(id, 1);
        Assert.AreEqual(sbh * 34.0 / t, LayerActivations(id, t, true, RecomputeMode.Selective), 1e-6);
    }

    [TestMethod]
    [DataRow("gpt3-175b", 1)]
    [DataRow("gpt3-175b", 8)]
    public void FullRecompute_EqualsTwoSbh(string id, int t)
    {
        (double sbh, _) = Terms(id, 1);
        Assert.AreEqual(2 * sbh, LayerActivations(id, t, false, RecomputeMode.Full), 1e-6);
    }

    [TestMethod]
    public void FullRecompute_WorkingSetIsTheDroppedActivationsOfOneLayer()
    {
        ModelAccount a = ModelAccountant.Account(ModelZoo.Get("gpt3-175b"), new AccountingOptions
        {
            TensorParallel = 8,
            Recompute = RecomputeMode.Full,
            Attention = AttentionImplementation.Unfused,
        });
        LayerAccount layer = a.LayersOf(LayerKind.Transformer).First();
        (double sbh, double ash) = Terms("gpt3-175b", 1);

        Assert.AreEqual(sbh * (10 + 3 + (5 * ash / 8)) - (2 * sbh), layer.RecomputeWorkingSet.Count, 1e-6);
        Assert.IsTrue(layer.Operators.All(o => o.Recomputed));
    }

    [TestMethod]
    public void FlashAttention_KeepsNoQuadraticTerm()
    {
        // FlashAttention keeps Q, K, V and a per-row fp32 statistic: linear in s like selective recomputation.
        ModelAccount flash = ModelAccountant.Account(ModelZoo.Get("gpt3-175b"), new AccountingOptions { TensorParallel = 8 });
        LayerAccount layer = flash.LayersOf(LayerKind.Transformer).First();
        (double sbh, _) = Terms("gpt3-175b", 1);
        double lse = 4.0 * 96 / 8 * 2048;

        Assert.AreEqual(sbh * (10 + (24.0 / 8)) + lse, layer.SavedActivations.Count, 1e-6);
    }

    [TestMethod]
    public void GroupedQueryAttention_KeepsSmallerKeysAndValues()
    {
        // Llama 2 70B: 8 key/value heads of 64; K and V are 1/8 the size of Q.
        ModelAccount a = ModelAccountant.Account(ModelZoo.Get("llama2-70b"), new AccountingOptions { Attention = AttentionImplementation.Flash });
        Operator flash = a.LayersOf(LayerKind.Transformer).First().Operators.Single(o => o.Kind == OperatorKind.FusedAttention);
        double q = 4096.0 * 8192 * 2;

        Assert.AreEqual(q * (1 + (2.0 / 8)) + (4.0 * 64 * 4096), flash.SavedActivations.Count, 1e-6);
    }

    [TestMethod]
    public void FullRecompute_Offloaded_KeepsNoCheckpointAndCopiesTheInputBothWays()
    {
        // The layer input (2·s·b·h bytes) goes to the host in the forward; the copy is recomputed (brought back)
        // before the layer's recomputation, and the input joins the recomputation's working set.
        var options = new AccountingOptions { Recompute = RecomputeMode.Full, Attention = AttentionImplementation.Flash, Precision = Core.Units.Precision.Bf16 };
        ModelDescription model = ModelZoo.Get("gpt3-1.7b");
        LayerAccount kept = ModelAccountant.Account(model, options).LayersOf(LayerKind.Transformer).First();
        LayerAccount offloaded = ModelAccountant.Account(model, options with { OffloadActivations = true }).LayersOf(LayerKind.Transformer).First();
        (double sbh, _) = Terms("gpt3-1.7b", 1);

        Assert.AreEqual(2 * sbh, kept.SavedActivations.Count, 1e-6);
        Assert.AreEqual(0, offloaded.SavedActivations.Count);
        Operator copy = offloaded.Operators[0];
        Assert.AreEqual(OperatorKind.HostCopy, copy.Kind);
        Assert.IsTrue(copy.Recomputed);
        Assert.AreEqual(2 * sbh, copy.Forward.Moved.Count, 1e-6);
        Assert.AreEqual(kept.RecomputeWorkingSet.Count + (2 * sbh), offloaded.RecomputeWorkingSet.Count, 1e-6);
    }

    [TestMethod]
    public void Offload_WithoutFullRecompute_ThrowsNamingTheField()
    {
        var options = new AccountingOptions { Recompute = RecomputeMode.Selective, OffloadActivations = true };

        WorkloadSpecException e = Assert.ThrowsExactly<WorkloadSpecException>(() => options.Validate());

        Assert.Contains("parallelism.offload_activations", e.Message);
    }
}
