using DeepScale.Core.Units;
using DeepScale.Experiments.HostValidation;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;
using DeepScale.Replay;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Memory;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Tests.HostValidation;

[TestClass]
public sealed class HostSpecTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(4)]
    public void Load_TrainerSpec_IsTheTrainerOnTheHostSystemWithKWorkers(int workers)
    {
        Scenario s = HostPredictor.Load(HostFixture.Options().ResolvedSpec, workers, HostFixture.Catalog);

        Assert.AreEqual(HostSystem.Id, s.Cluster.SystemId);
        Assert.AreEqual(HostCpuDevice.Id, s.Cluster.Accelerator.Id);
        Assert.IsFalse(s.Cluster.Accelerator.IsPlaceholder);
        Assert.AreEqual(workers, s.Gpus);
        Assert.AreEqual(workers, s.Layout.Data);
        Assert.AreEqual(64, s.Layout.MicroBatch);
        Assert.AreEqual(64 * workers, s.Layout.GlobalBatch);
        Assert.AreEqual(Core.Units.Precision.Fp32, s.Layout.Precision);
        Assert.AreEqual(OptimizerKind.Sgd, s.Layout.Optimizer);
        Assert.AreEqual(Fidelity.Full, s.Fidelity);
        Assert.IsFalse(s.Layout.Overlap.GradReduce);
        MlpModel mlp = (MlpModel)s.Model;
        Assert.AreEqual("mlp-32-512-512-10", HostPredictor.ModelName(mlp));
        // The trainer's parameter count: (32+1)·512 + (512+1)·512 + (512+1)·10 (TrainerResult.ParameterCount).
        Assert.AreEqual(284_682, ModelAccountant.CountParameters(mlp));
    }

    [TestMethod]
    public void Load_GpuOnlySpecWithHostCpu_ResolvesTheHostSystem()
    {
        Scenario s = ScenarioLoader.LoadText("""
            name: host-cpu-by-accelerator
            model: { family: mlp, input_features: 8, hidden_sizes: [16], output_features: 2 }
            cluster: { gpu: host-cpu, gpus_per_node: 3 }
            training: { global_batch: 24, micro_batch: 8, precision: fp32 }
            """, "inline", HostFixture.Catalog);

        Assert.AreEqual(HostSystem.Id, s.Cluster.SystemId);
        Assert.AreEqual(3, s.Layout.Data);
    }

    [TestMethod]
    public void Load_MoreWorkersThanTheHostHasSlots_IsASpecErrorNamingTheField()
    {
        SpecException e = Assert.ThrowsExactly<SpecException>(() =>
            HostPredictor.Load(HostFixture.Options().ResolvedSpec, HostSystem.MaxWorkers + 1, HostFixture.Catalog));

        Assert.Contains("cluster.gpus_per_node", e.Message);
    }

    [TestMethod]
    public void SharedCpuOf_HostCpu_ServesTheAllCoreClockAndKeepsTheMeasuredLoopbackStep()
    {
        Scenario s = HostPredictor.Load(HostFixture.Options().ResolvedSpec, 2, HostFixture.Catalog);
        HostCpuCostProfile cpu = HostFixture.Catalog.HostCpu;

        SharedCpu shared = ScenarioRunner.SharedCpuOf(ClusterFactory.Build(s, HostFixture.Catalog), ScenarioRunner.CostModelFor(s, HostFixture.Catalog), HostFixture.Catalog)!;

        // Every core busy: the host serves the FMA probe's all-core rate in one-core units.
        double clock = Math.Min(1, cpu.PeakAllCores / (cpu.Cores * cpu.PeakPerCore));
        Assert.AreEqual(cpu.Cores * clock, shared.CoresPerHost, 1e-12);
        Assert.IsLessThanOrEqualTo(cpu.Cores, shared.CoresPerHost);

        // A two-process ring step, run at that clock, takes what the calibration measured with both processes busy.
        var chunk = new Bytes(1 << 20);
        Duration measured = cpu.LoopbackLatency + (chunk / cpu.LoopbackBandwidth);
        Duration work = shared.LoopbackLatency + (chunk / shared.LoopbackBandwidth);
        Assert.AreEqual(measured.Seconds, work.Seconds / clock, 1e-6 * measured.Seconds);
    }

    [TestMethod]
    public void SharedCpuOf_HostCpu_SpreadsTheOversubscribedRingStepOverItsProcesses()
    {
        Scenario s = HostPredictor.Load(HostFixture.Options().ResolvedSpec, 4, HostFixture.Catalog);
        HostCpuCostProfile cpu = HostFixture.Catalog.HostCpu;
        Assert.IsTrue(cpu.HasOversubscribedLoopback, "the committed calibration measures a ring with two processes per core");

        SharedCpu shared = ScenarioRunner.SharedCpuOf(ClusterFactory.Build(s, HostFixture.Catalog), ScenarioRunner.CostModelFor(s, HostFixture.Catalog), HostFixture.Catalog)!;

        // The measured wall time of a step with r processes per core is r members' shares of a core, at the all-core clock.
        double clock = Math.Min(1, cpu.PeakAllCores / (cpu.Cores * cpu.PeakPerCore));
        var chunk = new Bytes(1 << 20);
        Duration measured = cpu.OversubscribedLoopbackLatency + (chunk / cpu.OversubscribedLoopbackBandwidth);
        Duration member = shared.OversubscribedLoopbackLatency + (chunk / shared.OversubscribedLoopbackBandwidth);
        Assert.AreEqual(cpu.Cores, shared.OversubscribedAbove);
        Assert.AreEqual(measured.Seconds, member.Seconds * cpu.OversubscribedRanksPerCore / clock, 1e-6 * measured.Seconds);
    }
}
