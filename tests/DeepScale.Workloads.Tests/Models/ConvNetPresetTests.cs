using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Tests.Models;

/// <summary>
/// The deeper image classifiers of the zoo against their papers. Convention: the papers count a multiply-add as one
/// "FLOP"; DeepScale counts two FLOPs per multiply-add, so the tests halve the forward matmul FLOPs before comparing.
/// </summary>
[TestClass]
public sealed class ConvNetPresetTests
{
    [TestMethod]
    [DataRow("resnet101", 44.5e6)] // He et al. 2016 (torchvision lists 44,549,160)
    [DataRow("vgg16", 138e6)] // Simonyan and Zisserman 2015, Table 2: 138M for configuration D
    public void CountParameters_Preset_WithinOnePercentOfPublished(string id, double published)
    {
        long count = ModelAccountant.CountParameters(ModelZoo.Get(id));

        Assert.AreEqual(published, count, published * 0.01, $"{id}: {count:N0}");
    }

    [TestMethod]
    public void Account_ResNet101_ForwardMacsMatchHeTable1WithStrideOnTheThreeByThree()
    {
        // He et al. 2016, Table 1: 7.6e9 multiply-adds for ResNet-101 with the stride on the first 1x1 of each
        // downsampling block. The zoo puts it on the 3x3 (v1.5), which runs three of the four 3x3s of the first
        // block of stages 3-5 at the higher resolution; torchvision lists that layout at 7.80 G multiply-adds.
        double macs = ForwardMacs("resnet101");

        Assert.AreEqual(7.80e9, macs, 7.80e9 * 0.01);
        Assert.AreEqual(7.6e9, macs, 7.6e9 * 0.03);
    }

    [TestMethod]
    public void Account_Vgg16_ForwardMacsMatchPublishedFifteenGiga()
    {
        // He et al. 2016 Sec. 3.3 quote VGG-16 at 15.3e9 multiply-adds; torchvision lists 15.47 G including the
        // 124M multiply-adds of the three fully connected layers.
        double macs = ForwardMacs("vgg16");

        Assert.AreEqual(15.47e9, macs, 15.47e9 * 0.01);
        Assert.AreEqual(15.3e9, macs, 15.3e9 * 0.02);
    }

    [TestMethod]
    public void Account_Vgg16_FirstDenseLayerReadsTheFlattenedMap()
    {
        ModelAccount a = ModelAccountant.Account(ModelZoo.Get("vgg16"), new AccountingOptions { MicroBatch = 1 });
        LayerAccount fc6 = a.LayersOf(LayerKind.Dense).First();

        // 7 x 7 x 512 inputs to 4096 outputs plus bias (Simonyan and Zisserman 2015, Table 1).
        Assert.AreEqual((7L * 7 * 512 * 4096) + 4096, fc6.Parameters);
    }

    private static double ForwardMacs(string id)
    {
        ModelAccount a = ModelAccountant.Account(ModelZoo.Get(id), new AccountingOptions { MicroBatch = 1 });
        return a.Operators.Where(o => o.IsMatmul).Sum(o => o.Forward.Flops.Flops) / 2;
    }
}
