using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Tests.Models;

[TestClass]
public sealed class ModelZooTests
{
    [TestMethod]
    [DataRow("gpt3-175b", 174.6e9)] // Narayanan et al. 2021, Table 2 / Sec. 5.2
    [DataRow("llama2-7b", 6.74e9)] // Touvron et al. 2023 (6,738,415,616 in the released checkpoint)
    [DataRow("llama2-70b", 68.98e9)]
    [DataRow("llama3-8b", 8.03e9)] // Dubey et al. 2024 (8,030,261,248 released)
    [DataRow("llama3-70b", 70.55e9)]
    [DataRow("bert-large", 335e6)] // Devlin et al. 2019 give 340M; the released checkpoint has about 335M
    [DataRow("resnet50", 25.6e6)] // He et al. 2016; torchvision lists 25,557,032
    [DataRow("vit-l16", 304e6)] // Dosovitskiy et al. 2021 Table 1: 307M; timm vit_large_patch16_224: 304.3M
    public void CountParameters_Preset_WithinHalfPercentOfPublished(string id, double published)
    {
        long count = ModelAccountant.CountParameters(ModelZoo.Get(id));

        Assert.AreEqual(published, count, published * 0.005, $"{id}: {count:N0}");
    }

    [TestMethod]
    [DataRow("gpt3-1.7b", 1.7e9)]
    [DataRow("gpt3-3.6b", 3.6e9)]
    [DataRow("gpt3-7.5b", 7.5e9)]
    [DataRow("gpt3-18b", 18.4e9)]
    [DataRow("gpt3-39b", 39.1e9)]
    [DataRow("gpt3-76b", 76.1e9)]
    [DataRow("gpt3-145b", 145.6e9)]
    [DataRow("gpt3-310b", 310.1e9)]
    [DataRow("gpt3-530b", 529.6e9)]
    [DataRow("gpt3-1t", 1008.0e9)]
    public void CountParameters_MegatronTable1Size_MatchesPublishedFigure(string id, double published)
    {
        // shared/refdata/megatron_sc21_table1.csv prints billions with one decimal, so the true count lies within
        // ±0.05 B of the figure; the bound is the larger of that rounding and 0.5%.
        long count = ModelAccountant.CountParameters(ModelZoo.Get(id));

        Assert.AreEqual(published, count, Math.Max(published * 0.005, 0.05e9), $"{id}: {count:N0}");
    }

    [TestMethod]
    [DataRow("gpt3-1.7b")]
    [DataRow("gpt3-175b")]
    [DataRow("gpt3-1t")]
    public void CountParameters_GptPreset_EqualsNarayananEquation2(string id)
    {
        // P = 12·l·h²·(1 + 13/(12h) + (V + s)/(12·l·h)) (Narayanan et al. 2021, Eq. 2); the final LayerNorm (2h),
        // which Eq. 2 omits, is the only difference.
        TransformerModel m = ModelZoo.GetTransformer(id);
        double l = m.Layers, h = m.Hidden;
        double eq2 = 12 * l * h * h * (1 + (13 / (12 * h)) + ((m.Vocab + m.SeqLen) / (12 * l * h)));

        Assert.AreEqual(eq2 + (2 * h), ModelAccountant.CountParameters(m), 0.5);
    }

    [TestMethod]
    public void CountParameters_ExactReferenceImplementations_MatchTheirReleasedCounts()
    {
        Assert.AreEqual(25_557_032L, ModelAccountant.CountParameters(ModelZoo.Get("resnet50")));
        Assert.AreEqual(44_549_160L, ModelAccountant.CountParameters(ModelZoo.Get("resnet101")));
        Assert.AreEqual(138_357_544L, ModelAccountant.CountParameters(ModelZoo.Get("vgg16")));
        Assert.AreEqual(304_326_632L, ModelAccountant.CountParameters(ModelZoo.Get("vit-l16")));
        Assert.AreEqual(6_738_415_616L, ModelAccountant.CountParameters(ModelZoo.Get("llama2-7b")));
        Assert.AreEqual(8_030_261_248L, ModelAccountant.CountParameters(ModelZoo.Get("llama3-8b")));
    }

    [TestMethod]
    public void MammoCnn_ResNet22OnFullFieldMammogram_MillionsOfParametersOnSingleChannelImage()
    {
        var m = (ConvNetModel)ModelZoo.Get("mammo-cnn");
        long count = ModelAccountant.CountParameters(m);

        Assert.AreEqual(1, m.InputChannels);
        Assert.IsGreaterThan(1500, Math.Min(m.InputHeight, m.InputWidth));
        Assert.IsGreaterThan(1_000_000L, count);
        Assert.IsLessThan(10_000_000L, count);
    }

    [TestMethod]
    public void Get_EveryId_ReturnsValidatedModelWithThatId()
    {
        foreach (string id in ModelZoo.Ids)
        {
            ModelDescription m = ModelZoo.Get(id);
            Assert.AreEqual(id, m.Id);
            Assert.AreSame(m, m.Validate());
        }

        Assert.HasCount(21, ModelZoo.Ids);
    }

    [TestMethod]
    public void Get_IsCaseInsensitive()
    {
        Assert.AreEqual("gpt3-175b", ModelZoo.Get("GPT3-175B").Id);
    }

    [TestMethod]
    public void Get_UnknownId_ThrowsListingNearestIds()
    {
        var ex = Assert.ThrowsExactly<WorkloadSpecException>(() => ModelZoo.Get("gpt3-176b"));

        Assert.AreEqual("model.preset", ex.Field);
        Assert.Contains("gpt3-175b", ex.Message);
        Assert.Contains("nearest valid ids", ex.Message);
    }
}
