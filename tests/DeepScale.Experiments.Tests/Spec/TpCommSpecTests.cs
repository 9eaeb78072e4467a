using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Tests.Spec;

/// <summary><c>parallelism.overlap.tp_comm</c>: off, every overlap, or Megatron-LM's backward collectives alone.</summary>
[TestClass]
public sealed class TpCommSpecTests
{
    private static Scenario Spec(string tpComm) => ScenarioLoader.LoadText($$"""
        name: tp
        model:
          preset: gpt3-7.5b
        cluster:
          system: dgx-a100-80gb
          gpus: 8
        parallelism:
          tensor: 8
          sequence_parallel: true
          recompute: selective
          overlap: { grad_reduce: false, tp_comm: {{tpComm}} }
        training:
          global_batch: 4
          micro_batch: 1
          precision: bf16
        """, "tp.yaml");

    [TestMethod]
    [DataRow("false", false, true)]
    [DataRow("true", true, true)]
    [DataRow("backward", true, false)]
    public void Load_TpComm_ReadsEverySpelling(string spelling, bool overlap, bool userbuffers)
    {
        Scenario s = Spec(spelling);

        Assert.AreEqual(overlap, s.Layout.Overlap.TpComm);
        Assert.AreEqual(userbuffers, s.Layout.Overlap.TpCommUserbuffers);
    }

    [TestMethod]
    public void Load_UnknownTpComm_IsASpecErrorNamingTheFieldAndTheChoices()
    {
        SpecException e = Assert.ThrowsExactly<SpecException>(() => Spec("forward"));

        Assert.Contains("parallelism.overlap.tp_comm", e.Message);
        Assert.Contains("backward", e.Message);
    }

    [TestMethod]
    [DataRow(Fidelity.Analytical)]
    [DataRow(Fidelity.Symmetric)]
    public void Run_BackwardOnly_HidesPartOfTheBlockingCommunication(Fidelity fidelity)
    {
        double Exposed(string tpComm) => ScenarioRunner.Run(Spec(tpComm), new RunOptions { Fidelity = fidelity }).Result.BreakdownS.ExposedTpComm;

        double off = Exposed("false"), backward = Exposed("backward");

        // The forward's collectives and the row-parallel backward's all-gathers still block.
        Assert.IsLessThan(off, backward);
        Assert.IsGreaterThan(0.5 * off, backward);
    }
}
