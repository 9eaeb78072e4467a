using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Tests.Spec;

/// <summary>
/// Simulating needs a compute-efficiency profile for the accelerator: catalog devices without one load (their
/// topology can be inspected) but do not simulate, and say so with a spec error naming the key that chose them.
/// </summary>
[TestClass]
public sealed class AcceleratorProfileSpecTests
{
    private static Scenario Spec(string cluster, int batch = 8) => ScenarioLoader.LoadText($$"""
        name: device
        model: { preset: gpt3-1.7b }
        cluster: {{cluster}}
        training: { global_batch: {{batch}}, precision: bf16 }
        fidelity: analytical
        """, "device.yaml");

    [TestMethod]
    [DataRow("{ system: tpu-v4-pod, nodes: 16, torus_shape: [4, 4, 4] }", "cluster.system", "tpu-v4")]
    [DataRow("{ system: gaudi2-hls, nodes: 1 }", "cluster.system", "gaudi-2")]
    [DataRow("{ system: mi300x-platform, gpu: gaudi-3, nodes: 1 }", "cluster.gpu", "gaudi-3")]
    public void Run_AcceleratorWithoutAProfile_IsASpecErrorNamingTheKey(string cluster, string field, string id)
    {
        Scenario s = Spec(cluster, batch: 64);

        SpecException e = Assert.ThrowsExactly<SpecException>(() => ScenarioRunner.Run(s));

        Assert.AreEqual(field, e.Field);
        Assert.IsGreaterThan(0, e.Line);
        StringAssert.StartsWith(e.Constraint, $"{id} is in the catalog but has no compute-efficiency profile");
    }

    [TestMethod]
    [DataRow("{ system: gb200-nvl72, nodes: 1 }", 72)]
    [DataRow("{ system: mi300x-platform, gpu: mi325x, nodes: 1 }", 8)]
    public void Run_ProfiledNewerDevices_Simulate(string cluster, int gpus)
    {
        RunResult r = ScenarioRunner.Run(Spec(cluster, batch: gpus)).Result;

        Assert.AreEqual(gpus, r.Gpus);
        Assert.IsTrue(r.IterationTimeS > 0 && double.IsFinite(r.IterationTimeS));
        Assert.IsTrue(r.Mfu is > 0 and < 1, $"MFU {r.Mfu}");
    }
}
