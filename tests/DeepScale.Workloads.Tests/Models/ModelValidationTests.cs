using System.Collections.Immutable;

using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Tests.Models;

[TestClass]
public sealed class ModelValidationTests
{
    private static TransformerModel Gpt => ModelZoo.GetTransformer("gpt3-1.7b");

    [TestMethod]
    public void Validate_HeadsNotDividingHidden_NamesHiddenAndHeads()
    {
        var ex = Assert.ThrowsExactly<WorkloadSpecException>(() => (Gpt with { Hidden = 2300 }).Validate());

        Assert.AreEqual("model.hidden", ex.Field);
        Assert.Contains("not divisible by heads 24", ex.Message);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(-4)]
    public void Validate_NonPositiveLayers_NamesLayers(int layers)
    {
        var ex = Assert.ThrowsExactly<WorkloadSpecException>(() => (Gpt with { Layers = layers }).Validate());

        Assert.AreEqual("model.layers", ex.Field);
        Assert.Contains("at least 1", ex.Message);
    }

    [TestMethod]
    public void Validate_AbsurdHidden_NamesHiddenAndLimit()
    {
        var ex = Assert.ThrowsExactly<WorkloadSpecException>(() => (Gpt with { Hidden = 1_000_000_000_000 }).Validate());

        Assert.AreEqual("model.hidden", ex.Field);
        Assert.Contains("exceeds the limit", ex.Message);
    }

    [TestMethod]
    public void Validate_KvHeadsNotDividingHeads_NamesKvHeads()
    {
        var ex = Assert.ThrowsExactly<WorkloadSpecException>(() => (Gpt with { KvHeads = 5 }).Validate());

        Assert.AreEqual("model.kv_heads", ex.Field);
    }

    [TestMethod]
    public void Validate_VitSequenceInconsistentWithPatches_NamesSeqLen()
    {
        var vit = ModelZoo.GetTransformer("vit-l16");

        var ex = Assert.ThrowsExactly<WorkloadSpecException>(() => (vit with { SeqLen = 196 }).Validate());

        Assert.AreEqual("model.seq_len", ex.Field);
        Assert.Contains("197", ex.Message);
    }

    [TestMethod]
    public void Validate_ConvNetTooSmallInput_NamesTheBlock()
    {
        var m = new ConvNetModel("tiny", ModelFamily.Cnn, 1, 4, 4,
            [ConvNetBlock.Conv(8, 7, 2, 0), ConvNetBlock.GlobalAveragePool(), ConvNetBlock.Dense(2, relu: false)]);

        var ex = Assert.ThrowsExactly<WorkloadSpecException>(() => m.Validate());

        Assert.AreEqual("model.blocks[0]", ex.Field);
    }

    [TestMethod]
    public void Validate_ConvNetEndingWithoutClassifier_NamesLastBlock()
    {
        var m = new ConvNetModel("noclassifier", ModelFamily.Cnn, 3, 32, 32, [ConvNetBlock.Conv(8, 3, 1, 1)]);

        var ex = Assert.ThrowsExactly<WorkloadSpecException>(() => m.Validate());

        Assert.AreEqual("model.blocks[0]", ex.Field);
        Assert.Contains("dense", ex.Message);
    }

    [TestMethod]
    public void Validate_MlpZeroWidth_NamesTheLayer()
    {
        var m = new MlpModel("mlp", 784, [256, 0], 10);

        var ex = Assert.ThrowsExactly<WorkloadSpecException>(() => m.Validate());

        Assert.AreEqual("model.hidden_sizes[1]", ex.Field);
    }

    [TestMethod]
    public void Account_LargestAllowedTransformer_HasFiniteResults()
    {
        var big = new TransformerModel("big", ModelFamily.Gpt)
        {
            Layers = 1000,
            Hidden = WorkloadLimits.MaxWidth,
            Heads = 1024,
            KvHeads = 1024,
            FfnHidden = WorkloadLimits.MaxWidth,
            SeqLen = 1_000_000,
            Vocab = WorkloadLimits.MaxVocabulary,
        };

        ModelAccount account = ModelAccountant.Account(big, new AccountingOptions { MicroBatch = 1000 });

        Assert.IsTrue(double.IsFinite(account.ModelFlops.Flops));
        Assert.IsTrue(double.IsFinite(account.SavedActivations.Count));
        Assert.IsGreaterThan(0L, account.ParametersPerRank);
    }

    [TestMethod]
    public void Account_TooManyParameters_NamesModel()
    {
        var huge = new TransformerModel("huge", ModelFamily.Gpt)
        {
            Layers = WorkloadLimits.MaxLayers,
            Hidden = WorkloadLimits.MaxWidth,
            Heads = 1024,
            KvHeads = 1024,
            FfnHidden = WorkloadLimits.MaxWidth,
            SeqLen = 2048,
            Vocab = 51200,
        };

        var ex = Assert.ThrowsExactly<WorkloadSpecException>(() => ModelAccountant.Account(huge, new AccountingOptions()));

        Assert.AreEqual("model", ex.Field);
    }

    [TestMethod]
    public void Validate_MlpWithoutHiddenLayers_IsLogisticRegression()
    {
        var m = new MlpModel("logreg", 784, ImmutableArray<int>.Empty, 10);

        Assert.AreEqual(7850L, ModelAccountant.CountParameters(m));
    }
}
