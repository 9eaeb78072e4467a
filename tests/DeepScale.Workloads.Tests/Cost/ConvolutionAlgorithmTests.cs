using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Tests.Cost;

/// <summary>The library's choice of convolution algorithm (implicit GEMM or Winograd) and batch norm's passes.</summary>
[TestClass]
public sealed class ConvolutionAlgorithmTests
{
    private static readonly ComputeCostModel s_p100 = ComputeCostModel.ForAccelerator(HardwareCatalog.Default.Accelerator("p100-sxm2-16gb"));
    private static readonly ComputeCostModel s_a100 = ComputeCostModel.ForAccelerator(TestAccelerators.A100Sxm80);

    private static Operator Op(string model, int batch, Precision precision, string name) =>
        ModelAccountant.Account(ModelZoo.Get(model), new AccountingOptions { MicroBatch = batch, Precision = precision })
            .Operators.Single(o => o.Name == name);

    /// <summary>The same operator without its geometry: the cost model can only run it as an implicit GEMM.</summary>
    private static Operator Direct(Operator conv) => conv with { Convolution = null };

    private static void SamePhases(OperatorTiming expected, OperatorTiming actual)
    {
        Assert.AreEqual(expected.Forward, actual.Forward);
        Assert.AreEqual(expected.BackwardInput, actual.BackwardInput);
        Assert.AreEqual(expected.BackwardWeight, actual.BackwardWeight);
    }

    [TestMethod]
    public void Time_Vgg3x3LayerOnP100_WinogradBeatsTheDirectPeak()
    {
        // VGG-16's 512-channel 28×28 layer at batch 64 in fp32: F(2×2, 3×3) multiplies 16 instead of 36 times per
        // tile and channel pair, so its "direct-equivalent" rate exceeds what a direct convolution could reach at peak.
        Operator conv = Op("vgg16", 64, Precision.Fp32, "block11.conv");
        Assert.AreEqual(new ConvolutionShape(64, 512, 512, 28, 28, 28, 28, 3, 1), conv.Convolution);
        OperatorTiming winograd = s_p100.Time(conv);
        OperatorTiming direct = s_p100.Time(Direct(conv));

        Assert.IsLessThan(direct.Forward, winograd.Forward);
        Assert.IsLessThan(direct.BackwardInput, winograd.BackwardInput);
        double directEquivalent = conv.Forward.Flops.Flops / winograd.Forward.Seconds;
        Assert.IsGreaterThan(HardwareCatalog.Default.Accelerator("p100-sxm2-16gb").PeakFor(Precision.Fp32).FlopsPerSecond, directEquivalent);
        // … but never more than the 36/16 = 2.25× cut in multiplications allows.
        Assert.IsLessThan(2.25, direct.Forward.Seconds / winograd.Forward.Seconds);
    }

    [TestMethod]
    [DataRow("block0.conv")] // the 7×7 stride-2 stem
    [DataRow("block5.conv1")] // a 1×1 convolution is a plain GEMM
    [DataRow("block5.conv2")] // the first block of a stage: 3×3 with stride 2; Winograd's tiles need stride 1
    public void Time_NotA3x3Stride1Convolution_RunsAsImplicitGemm(string name)
    {
        Operator conv = Op("resnet50", 32, Precision.Fp32, name);
        Assert.IsFalse(conv.Convolution is { Kernel: 3, Stride: 1 }, $"{name}: {conv.Convolution}");
        SamePhases(s_p100.Time(Direct(conv)), s_p100.Time(conv));
    }

    [TestMethod]
    public void Time_TensorCoreFp16_KeepsTheImplicitGemm()
    {
        // On A100 tensor cores the implicit GEMM is faster than moving Winograd's transformed tiles through HBM,
        // as cuDNN's own choice for fp16 ResNets on Ampere (implicit-GEMM kernels) suggests.
        Operator conv = Op("resnet50", 256, Precision.Fp16, "block2.conv2");
        Assert.AreEqual(3, conv.Convolution!.Kernel);
        SamePhases(s_a100.Time(Direct(conv)), s_a100.Time(conv));
    }

    [TestMethod]
    public void Time_Vgg16OnP100_MatchesPublishedSingleGpuThroughputWithinTwentyPercent()
    {
        // Horovod (Sergeev and Del Balso 2018; shared/refdata/horovod_scaling.csv): one P100 trains VGG-16 at batch
        // 64 at 130.9 and 149.6 images/s on the paper's two clusters. A direct convolution alone cannot: VGG-16's
        // 3×46.5 GFLOP per image at 130.9 images/s is 18.3 TFLOP/s, above the P100's 10.6 TFLOP/s fp32 peak.
        ModelAccount account = ModelAccountant.Account(ModelZoo.Get("vgg16"), new AccountingOptions { MicroBatch = 64, Precision = Precision.Fp32 });
        ModelTiming timing = s_p100.Time(account);
        double seconds = timing.Operators.Sum(o => (o.Forward + o.Backward).Seconds);
        double imagesPerSecond = 64 / seconds;
        Assert.IsGreaterThan(130.9 * 0.8, imagesPerSecond);
        Assert.IsLessThan(149.6 * 1.2, imagesPerSecond);
    }

    [TestMethod]
    public void BatchNorm_ReadsItsInputTwiceEachWay()
    {
        // ResNet-50's stem batch norm at batch 2: 64 channels of 112×112.
        Operator bn = Op("resnet50", 2, Precision.Fp16, "block0.bn");
        const double elements = 2.0 * 64 * 112 * 112;
        Assert.AreEqual(2 * elements * 2, bn.Forward.Read.Count, 1e-6);
        Assert.AreEqual(elements * 2, bn.Forward.Written.Count, 1e-6);
        Assert.AreEqual(4 * elements * 2, bn.BackwardInput.Read.Count, 1e-6);
        Assert.AreEqual(128L, bn.Parameters);
        CollectionAssert.AreEqual(new long[] { 64, 64 }, bn.ParameterTensors.ToArray());
    }
}
