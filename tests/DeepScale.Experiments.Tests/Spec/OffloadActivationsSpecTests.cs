using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Tests.Spec;

/// <summary>
/// <c>parallelism.offload_activations</c> end to end: the checkpointed layer inputs leave device memory, and each
/// layer's forward and recomputation pay a blocking copy over the PCIe host link.
/// </summary>
[TestClass]
public sealed class OffloadActivationsSpecTests
{
    private static Scenario Spec(bool offload) =>
        ScenarioLoader.LoadText($$"""
            name: offload
            model:
              preset: gpt3-1.7b
            cluster:
              system: dgx-a100-80gb
              gpus: 8
            parallelism:
              recompute: full
              offload_activations: {{(offload ? "true" : "false")}}
              overlap: { grad_reduce: false }
            training:
              global_batch: 64
              micro_batch: 4
              precision: fp16
              attention: flash
            """, "offload.yaml");

    private static RunResult Run(Scenario s, Fidelity fidelity) => ScenarioRunner.Run(s, new RunOptions { Fidelity = fidelity }).Result;

    [TestMethod]
    public void Load_Flag_ReachesTheLayout()
    {
        Assert.IsTrue(Spec(true).Layout.OffloadActivations);
        Assert.IsFalse(Spec(false).Layout.OffloadActivations);
    }

    [TestMethod]
    public void Load_FusedLoss_ReachesTheLayoutAndShrinksTheLossMemory()
    {
        // training.fused_loss (off by default): the loss keeps 16-bit logits instead of fp32 probabilities.
        string text = LongSequence(false).Replace("precision: bf16", "precision: bf16\n  fused_loss: true", StringComparison.Ordinal);
        Scenario fused = ScenarioLoader.LoadText(text, "fused.yaml");
        Scenario plain = ScenarioLoader.LoadText(LongSequence(false), "plain.yaml");

        Assert.IsTrue(fused.Layout.FusedLoss);
        Assert.IsFalse(plain.Layout.FusedLoss);
        Assert.IsLessThan(Run(plain, Fidelity.Analytical).Memory.PeakGib, Run(fused, Fidelity.Analytical).Memory.PeakGib);
    }

    [TestMethod]
    [DataRow(Fidelity.Analytical)]
    [DataRow(Fidelity.Symmetric)]
    public void Run_EveryLayerPaysTwoCopiesOfItsInputOverPcie4(Fidelity fidelity)
    {
        // GPT 1.7B (24 layers, h = 2304, s = 2048), micro-batch 4, two micro-batches per rank: each layer's fp16 input
        // of 4 · 2048 · 2304 · 2 bytes goes to the host in the forward and back before its recomputation, over
        // PCIe 4.0 ×16 (16 GT/s · 128/130 per lane, 256-byte payloads in 280-byte packets), each copy a kernel.
        TransformerModel m = ModelZoo.GetTransformer("gpt3-1.7b");
        double checkpoint = 4.0 * m.SeqLen * m.Hidden * 2;
        double link = 16 * 128.0 / 130 * 16 / 8 * 1e9 * 256 / 280;
        double launch = HardwareCatalog.Default.EfficiencyProfile("a100-sxm4-80gb").KernelLaunchLatency.Seconds;
        double expected = 2 * m.Layers * 2 * (launch + (checkpoint / link));

        double added = Run(Spec(true), fidelity).IterationTimeS - Run(Spec(false), fidelity).IterationTimeS;

        Assert.AreEqual(expected, added, 0.01 * expected);
    }

    [TestMethod]
    public void Run_CheckpointsLeaveDeviceMemory()
    {
        // Full recomputation keeps one fp16 input per layer and micro-batch in flight; offloaded, none.
        TransformerModel m = ModelZoo.GetTransformer("gpt3-1.7b");
        double checkpoints = m.Layers * 4.0 * m.SeqLen * m.Hidden * 2;

        RunResult kept = Run(Spec(false), Fidelity.Symmetric);
        RunResult offloaded = Run(Spec(true), Fidelity.Symmetric);

        Assert.AreEqual(checkpoints / (1 << 30), kept.Memory.ActivationsGib - offloaded.Memory.ActivationsGib, 0.02 * checkpoints / (1 << 30));
        Assert.IsLessThan(kept.Memory.PeakGib, offloaded.Memory.PeakGib);
    }

    [TestMethod]
    public void Run_LongSequenceThatOverflows_FitsWithItsCheckpointsOffloaded()
    {
        // GPT 18B (40 layers, h = 6144) at 8,192 tokens, micro-batch 4, on 8 A100 80 GB with ZeRO-3: 40 checkpoints of
        // 4 · 8,192 · 6,144 · 2 bytes (15 GiB) and the allocator's share of them overflow; in host memory they leave room.
        Scenario kept = ScenarioLoader.LoadText(LongSequence(false), "long.yaml");
        Scenario offloaded = ScenarioLoader.LoadText(LongSequence(true), "long.yaml");

        Assert.IsFalse(Run(kept, Fidelity.Analytical).Memory.Fits);
        Assert.IsTrue(Run(offloaded, Fidelity.Analytical).Memory.Fits);
    }

    private static string LongSequence(bool offload) => $$"""
        name: long
        model:
          preset: gpt3-18b
          seq_len: 8192
        cluster:
          system: dgx-a100-80gb
          gpus: 8
        parallelism:
          zero: 3
          recompute: full
          offload_activations: {{(offload ? "true" : "false")}}
        training:
          global_batch: 32
          micro_batch: 4
          precision: bf16
          attention: flash
        """;
}
