using DeepScale.Core.Units;
using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Tests.Spec;

/// <summary>
/// <c>parallelism.context</c> end to end: the spec reads it, the GPUs split four ways, long sequences fit that did
/// not, the replay agrees with the closed forms and with itself at every fidelity, and the key/value exchanges cost
/// what the collective model says they cost.
/// </summary>
[TestClass]
public sealed class ContextParallelSpecTests
{
    private static Scenario Spec(int tensor, int context, int seq = 32768, int gpus = 8, string recompute = "selective", string extra = "") =>
        ScenarioLoader.LoadText($$"""
            name: cp
            model:
              preset: llama3-8b
              seq_len: {{seq}}
            cluster:
              system: dgx-h100
              gpus: {{gpus}}
            parallelism:
              tensor: {{tensor}}
              context: {{context}}
              sequence_parallel: true
              recompute: {{recompute}}
              distributed_optimizer: true
              overlap: { grad_reduce: false }
              {{extra}}
            training:
              global_batch: {{gpus / (tensor * context)}}
              micro_batch: 1
              precision: bf16
              attention: flash
            """, "cp.yaml");

    private static RunResult Run(Scenario s, Fidelity fidelity) => ScenarioRunner.Run(s, new RunOptions { Fidelity = fidelity }).Result;

    /// <summary>The collective model's time for one collective over all of the scenario's GPUs (one context group).</summary>
    private static double CollectiveSeconds(Scenario s, CollectiveOp op, Bytes bytes)
    {
        Cluster cluster = ClusterFactory.Build(s, HardwareCatalog.Default);
        return new CollectiveModel(cluster).Estimate(new CollectiveRequest(op, cluster.Accelerators, bytes)).Time.Seconds;
    }

    [TestMethod]
    public void Load_Context_SplitsTheGpusAndDerivesData()
    {
        Scenario s = Spec(2, 2);
        Assert.AreEqual(2, s.Layout.Context);
        Assert.AreEqual(2, s.Layout.Data);
        Assert.AreEqual(8, s.Layout.Gpus);
        Assert.AreEqual(4, s.Layout.ShardGroup);
    }

    [TestMethod]
    public void LongSequence_DoesNotFitUnsplit_FitsSplitOverFour()
    {
        RunResult alone = Run(Spec(2, 1, seq: 65536, recompute: "full"), Fidelity.Analytical);
        RunResult split = Run(Spec(2, 4, seq: 65536, recompute: "full"), Fidelity.Analytical);

        Assert.IsFalse(alone.Memory.Fits, $"peak {alone.Memory.PeakGib:0.0} GiB");
        Assert.IsTrue(split.Memory.Fits, $"peak {split.Memory.PeakGib:0.0} GiB");
        Assert.AreEqual(alone.Memory.ActivationsGib / 4, split.Memory.ActivationsGib, alone.Memory.ActivationsGib * 1e-9);
    }

    [TestMethod]
    [DataRow(1, 2, "")]
    [DataRow(2, 4, "")]
    [DataRow(4, 2, "")]
    [DataRow(2, 4, "context_comm: all-gather")]
    [DataRow(1, 8, "context_comm: a2a")]
    [DataRow(2, 4, "context_comm: a2a")]
    public void Replay_SymmetricAgreesWithFull_AndTheAnalyticalEstimate(int tensor, int context, string extra)
    {
        Scenario s = Spec(tensor, context, gpus: Math.Max(8, tensor * context * 2), extra: extra);
        double analytical = Run(s, Fidelity.Analytical).IterationTimeS;
        double symmetric = Run(s, Fidelity.Symmetric).IterationTimeS;
        double full = Run(s, Fidelity.Full).IterationTimeS;

        Assert.AreEqual(symmetric, full, symmetric * 0.01);
        Assert.AreEqual(symmetric, analytical, symmetric * 0.10);
    }

    [TestMethod]
    [DataRow(Fidelity.Analytical)]
    [DataRow(Fidelity.Symmetric)]
    public void ExposedExchanges_AreThreeKeyValueCollectivesPerLayer_AtTheCollectiveModelsPrice(Fidelity fidelity)
    {
        // Tensor 1, context 8, one micro-batch, no recomputation: the only in-layer collectives are the context
        // group's all-gather of keys and values (forward and backward) and the reduce-scatter of their gradients.
        Scenario s = Spec(1, 8, recompute: "none", extra: "context_comm: all-gather");
        TransformerModel m = (TransformerModel)s.Model;
        var gathered = new Bytes(2.0 * m.SeqLen * m.KvHeads * m.HeadDim * 2);
        double Time(CollectiveOp op) => CollectiveSeconds(s, op, gathered);
        double expected = m.Layers * ((2 * Time(CollectiveOp.AllGather)) + Time(CollectiveOp.ReduceScatter));

        double exposed = Run(s, fidelity).BreakdownS.ExposedTpComm;

        Assert.AreEqual(expected, exposed, expected * 0.01);
    }

    [TestMethod]
    [DataRow(Fidelity.Analytical)]
    [DataRow(Fidelity.Symmetric)]
    public void RingExchanges_HideBehindAttention_LeavingTheLastGradientShiftPerLayer(Fidelity fidelity)
    {
        // Tensor 1, context 8, 32K tokens: a shard's shift (2 · 4K · 8 · 128 · 2 bytes over NVLink) is far shorter than
        // the attention kernel on one shard, so the ring's forward and backward shifts hide behind the kernel and only
        // the backward's last shift, which sends the final key/value gradients home after the kernel, is exposed.
        Scenario s = Spec(1, 8, recompute: "none");
        TransformerModel m = (TransformerModel)s.Model;
        double shift = CollectiveSeconds(s, CollectiveOp.SendRecv, new Bytes(2.0 * m.SeqLen / 8 * m.KvHeads * m.HeadDim * 2));

        RunResult ring = Run(s, fidelity);
        RunResult gather = Run(Spec(1, 8, recompute: "none", extra: "context_comm: all-gather"), fidelity);

        Assert.AreEqual(m.Layers * shift, ring.BreakdownS.ExposedTpComm, m.Layers * shift * 0.02);
        Assert.IsLessThan(gather.IterationTimeS, ring.IterationTimeS);
        Assert.IsLessThan(gather.Memory.PeakGib, ring.Memory.PeakGib, "two shards in flight instead of the whole gather");
    }

    [TestMethod]
    [DataRow(Fidelity.Analytical)]
    [DataRow(Fidelity.Symmetric)]
    public void AllToAllExchanges_AreFourPerLayer_AtTheCollectiveModelsPrice(Fidelity fidelity)
    {
        // Tensor 1, context 8, no recomputation, a2a: per layer the queries, keys and values go out and the output
        // comes back in the forward pass, and the gradients make the same two trips in the backward pass.
        Scenario s = Spec(1, 8, recompute: "none", extra: "context_comm: a2a");
        TransformerModel m = (TransformerModel)s.Model;
        double tokens = m.SeqLen / 8.0;
        var qkv = new Bytes(tokens * (m.Heads + (2.0 * m.KvHeads)) * m.HeadDim * 2);
        var output = new Bytes(tokens * m.Heads * m.HeadDim * 2);
        double Time(Bytes bytes) => CollectiveSeconds(s, CollectiveOp.AllToAll, bytes);
        double expected = m.Layers * 2 * (Time(qkv) + Time(output));

        double exposed = Run(s, fidelity).BreakdownS.ExposedTpComm;

        Assert.AreEqual(expected, exposed, expected * 0.01);
    }

    [TestMethod]
    public void Context_BeatsTensorOnlyForLongSequences_WithinANode()
    {
        double tensorOnly = Run(Spec(8, 1), Fidelity.Analytical).IterationTimeS;
        double mixed = Run(Spec(4, 2), Fidelity.Analytical).IterationTimeS;

        // Half the tensor-parallel collectives, each of half the tokens, against one key/value gather per layer.
        Assert.IsLessThan(tensorOnly, mixed);
    }

    [TestMethod]
    public void PipelineSends_CarryTheRanksShareOfTheSequence()
    {
        // Tensor 1, pipeline 2 over two nodes: each send crosses InfiniBand with b·(s / c)·h bf16 bytes, so its
        // bandwidth part halves with c = 2 (the one-way latency stays).
        static double Send(int context)
        {
            Scenario s = ScenarioLoader.LoadText($$"""
                name: pp
                model: { preset: llama3-8b, seq_len: 32768 }
                cluster: { system: dgx-h100, gpus: 16 }
                parallelism: { tensor: 1, context: {{context}}, pipeline: 2, recompute: full, distributed_optimizer: true, placement: tp-dp-pp }
                training: { global_batch: 16, micro_batch: 1, precision: bf16, attention: flash }
                """, "pp.yaml");
            ScenarioRunner.Outcome o = ScenarioRunner.Run(s, new RunOptions { Fidelity = Fidelity.Symmetric, TraceRanks = 2 });
            return o.Replay!.Spans.Where(sp => sp.Name.StartsWith("send act", StringComparison.Ordinal)).Min(sp => (sp.End - sp.Start).Seconds);
        }

        double whole = Send(1), half = Send(2);
        Assert.AreEqual(0.5, half / whole, 0.05, $"send of the whole sequence {whole * 1e3:0.000} ms, of half {half * 1e3:0.000} ms");
    }

    [TestMethod]
    [DataRow("", "cp SendRecv attn.flash")]
    [DataRow("context_comm: all-gather", "cp AllGather attn.flash")]
    [DataRow("context_comm: a2a", "cp AllToAll attn.flash")]
    public void Trace_NamesTheContextExchanges(string extra, string span)
    {
        ScenarioRunner.Outcome outcome = ScenarioRunner.Run(Spec(2, 2, extra: extra), new RunOptions { Fidelity = Fidelity.Symmetric, TraceRanks = 1 });
        Assert.IsNotNull(outcome.Replay);
        Assert.IsTrue(outcome.Replay.Spans.Any(sp => sp.Name.StartsWith(span, StringComparison.Ordinal)));
    }
}
