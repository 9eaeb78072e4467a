using DeepScale.Core.Units;
using DeepScale.Workloads.Cost;
using DeepScale.Workloads.Memory;

namespace DeepScale.Workloads.Tests.Cost;

[TestClass]
public sealed class OptimizerStepTests
{
    private static readonly ComputeCostModel s_a100 = ComputeCostModel.ForAccelerator(TestAccelerators.A100Sxm80);

    /// <summary>Bytes per parameter the step moves, from its time at the device's achievable bandwidth.</summary>
    private static double BytesPerParameter(OptimizerKind optimizer, Precision precision)
    {
        const double parameters = 1e9;
        Duration time = s_a100.OptimizerStepTime(parameters, optimizer, precision);
        Duration none = s_a100.MemoryBoundKernelTime(Bytes.Zero, FlopCount.Zero);
        return (time - none).Seconds * s_a100.AchievableMemoryBandwidth.BytesPerSecond / parameters;
    }

    [TestMethod]
    [DataRow(Precision.Fp32, 28.0)] // Adam alone: reads weight, gradient, m, v; writes weight, m, v (fp32)
    [DataRow(Precision.Bf16, 38.0)] // + gradient norm (4) + master-to-bf16 copy (4 + 2)
    [DataRow(Precision.Fp16, 52.0)] // + fp16 gradients copied to fp32 (2 + 4), loss-scale unscale and overflow check (4 + 4)
    public void OptimizerStepTime_Adam_MovesEachPassesBytes(Precision precision, double bytes) =>
        Assert.AreEqual(bytes, BytesPerParameter(OptimizerKind.Adam, precision), 0.01);

    [TestMethod]
    public void OptimizerStepTime_SgdWithMomentum_ReadsThreeWritesTwo() =>
        Assert.AreEqual(20.0, BytesPerParameter(OptimizerKind.Sgd, Precision.Fp32), 0.01);
}
