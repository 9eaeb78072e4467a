using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Specs;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Memory;
using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Tests.Cost;

[TestClass]
public sealed class CpuCostPathTests
{
    private static readonly HostCpuCostProfile s_cpu = CommittedCalibration.Profile();

    private static readonly ComputeCostModel s_host = new(HostCpuDevice.Placeholder with { IsPlaceholder = false }, ComputeEfficiencyProfile.ForHostCpu(s_cpu));

    /// <summary>The real trainer's model: 32 features, two hidden layers of 512, 10 classes, micro-batch 64, fp32.</summary>
    private static ModelTiming TrainerMlp()
    {
        var model = new MlpModel("mlp", 32, ImmutableArray.Create(512, 512), 10);
        ModelAccount account = ModelAccountant.Account(model, new AccountingOptions { MicroBatch = 64, Precision = Precision.Fp32 });
        return s_host.Time(account);
    }

    private static Duration Time(params CpuKernel[] kernels) =>
        Duration.FromSecondsCeiling(kernels.Sum(k => CpuKernelModel.Seconds(k, 1, s_cpu)));

    [TestMethod]
    public void ForAccelerator_HostCpu_IsTheCpuPathWithThePlaceholderModel()
    {
        ComputeCostModel model = ComputeCostModel.ForAccelerator(HostCpuDevice.Placeholder);

        Assert.IsTrue(model.IsCpu);
        Assert.IsTrue(model.Profile.Cpu!.IsPlaceholder);
        Assert.AreEqual(HostCpuDevice.PlaceholderCores, model.Profile.StreamingMultiprocessors);
    }

    [TestMethod]
    public void ForAccelerator_Gpu_KeepsTheGpuPath()
    {
        ComputeCostModel model = ComputeCostModel.ForAccelerator(TestAccelerators.A100Sxm80);

        Assert.IsFalse(model.IsCpu);
        Assert.IsNull(model.Profile.Cpu);
    }

    [TestMethod]
    public void Time_FirstLinearLayer_IsGemmPlusBiasForwardAndTransposedGemmPlusColumnSumsForTheWeights()
    {
        OperatorTiming fc = TrainerMlp().Operators.Single(o => o.Operator.Name == "dense0.fc");

        // Y[64×512] = X[64×32]·W[32×512] + b; dW = Xᵀ·dY (X stored 64×32: transposed A); db = column sums of dY.
        Assert.AreEqual(Time(new CpuGemm(64, 512, 32), CpuMap.Add(64 * 512)), fc.Forward);
        Assert.AreEqual(Duration.Zero, fc.BackwardInput);
        Assert.AreEqual(Time(new CpuGemm(32, 512, 64, TransposeA: true), new CpuReduction(64 * 512)), fc.BackwardWeight);
    }

    [TestMethod]
    public void Time_HiddenLinearLayer_InputGradientMultipliesByTheTransposedWeights()
    {
        OperatorTiming fc = TrainerMlp().Operators.Single(o => o.Operator.Name == "dense1.fc");

        Assert.AreEqual(Time(new CpuGemm(64, 512, 512, TransposeB: true)), fc.BackwardInput);
        Assert.AreEqual(Time(new CpuGemm(512, 512, 64, TransposeA: true), new CpuReduction(64 * 512)), fc.BackwardWeight);
    }

    [TestMethod]
    public void Time_ReluAndLoss_AreAMapAndARowSoftmaxOverTheMicroBatch()
    {
        ModelTiming timing = TrainerMlp();
        OperatorTiming relu = timing.Operators.Single(o => o.Operator.Name == "dense0.relu");
        OperatorTiming loss = timing.Operators.Single(o => o.Operator.Kind == OperatorKind.Loss);

        Assert.AreEqual(Time(CpuMap.Relu(64 * 512)), relu.Forward);
        Assert.AreEqual(Time(new CpuMap(64 * 512, 3, false, 1)), relu.BackwardInput);
        Assert.AreEqual(Time(CpuRowwise.Softmax(64, 10), new CpuMap(640, 3, false, 2)), loss.Forward);
    }

    [TestMethod]
    public void MemoryBoundKernelTime_OnTheCpu_StreamsFromTheLevelItsSizeFits()
    {
        // 20 bytes per parameter of the trainer's 284,682 parameters: 5.7 MB, beyond L2 and within the 32 MiB L3.
        Bytes moved = new(20.0 * 284_682);
        Duration time = s_host.MemoryBoundKernelTime(moved, new FlopCount(4.0 * 284_682));

        double expected = s_cpu.LaunchOverhead.Seconds + (moved.Count / s_cpu.L3Bandwidth.BytesPerSecond);
        Assert.AreEqual(expected, time.Seconds, 1e-10);
    }

    [TestMethod]
    public void OptimizerStepTime_SgdOnTheCpu_IsFourInPlacePassesWithoutWriteAllocate()
    {
        // g /= world; v *= μ; v += g; w −= η·v over the trainer's 284,682 parameters (1.1 MB per array): every pass
        // writes an array it reads, so each moves its streams once; the two scalings touch one array, which fits
        // the 2 MiB L2, the sum and the update two, which do not.
        const long n = 284_682;
        Duration time = s_host.OptimizerStepTime(n, OptimizerKind.Sgd, Precision.Fp32);

        double expected = (4 * s_cpu.LaunchOverhead.Seconds) + ((2 + 2) * 4 * n / s_cpu.L2Bandwidth.BytesPerSecond)
            + ((3 + 3) * 4 * n / s_cpu.L3Bandwidth.BytesPerSecond);
        Assert.AreEqual(expected, time.Seconds, 1e-8);
        Assert.IsLessThan(Time(CpuMap.Scale(n), CpuMap.Scale(n), CpuMap.Add(n), CpuMap.Axpy(n)).Seconds, time.Seconds);
    }

    [TestMethod]
    public void GemmThroughput_OnTheCpu_IsBelowTheMicroKernelRate()
    {
        FlopRate rate = s_host.GemmThroughput(new GemmShape(1024, 1024, 1024), Precision.Fp32);

        Assert.IsLessThan(s_cpu.GemmCoreRate.FlopsPerSecond, rate.FlopsPerSecond);
        Assert.IsGreaterThan(0.8 * s_cpu.GemmCoreRate.FlopsPerSecond, rate.FlopsPerSecond);
    }

    [TestMethod]
    public void Roofline_PlaceholderDevice_SplitsThePeakOverTheCoresAndValidates()
    {
        HostCpuCostProfile roofline = HostCpuCostProfile.Roofline(HostCpuDevice.Placeholder, 2);

        Assert.AreEqual(HostCpuDevice.Placeholder.PeakFor(Precision.Fp32).FlopsPerSecond / 2, roofline.PeakPerCore.FlopsPerSecond, 1e-3);
        Assert.IsTrue(roofline.IsPlaceholder);
        Assert.AreSame(roofline, roofline.Validated());
    }
}
