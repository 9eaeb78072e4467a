using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Experiments.Validation;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Schedules;
using DeepScale.Replay;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;

namespace DeepScale.Experiments.Tests.Validation;

[TestClass]
public sealed class MegatronLayerSuiteTests
{
    private static TraceSpan Span(string name, double startMs, int rank = 0, StreamKind stream = StreamKind.Compute) =>
        new(rank, stream, name, TimeCategory.Forward, SimTime.Zero + Duration.FromMilliseconds(startMs), SimTime.Zero + Duration.FromMilliseconds(startMs + 1));

    [TestMethod]
    public void Of_SegmentsAcrossLayerBoundaries_MeasuresFromFirstTouchToFirstTouch()
    {
        TraceSpan[] spans =
        [
            Span("F L1-2 mb0", 0), Span("F L2 mb0", 2), Span("F L2-3 mb0", 7), Span("F L3 mb0", 9), Span("F L3-4 mb0", 14),
            Span("tp AllReduce attn.proj mb0", 1, stream: StreamKind.TensorComm), Span("F L2 mb0", -5, rank: 1),
            Span("R L3 mb0", 30), Span("B L3 mb0", 33), Span("R L2 mb0", 41), Span("B L2 mb0", 44), Span("R L1 mb0", 52),
        ];

        (Duration forward, Duration backward) = LayerPeriods.Of(spans, 2);

        Assert.AreEqual(7, forward.Milliseconds, 1e-9, "first span touching layer 2 starts at 0, layer 3 at 7");
        Assert.AreEqual(11, backward.Milliseconds, 1e-9, "recompute of layer 2 starts 11 ms after layer 3's");
    }

    [TestMethod]
    public void Of_LayerMissingFromTheTrace_SaysWhich()
    {
        InvalidOperationException ex = Assert.ThrowsExactly<InvalidOperationException>(() => LayerPeriods.Of([Span("F L1 mb0", 0)], 1));
        StringAssert.Contains(ex.Message, "layers 1 and 2");
    }

    [TestMethod]
    public void Of_OneSegmentAcrossTheLayers_SaysThereIsNoBoundary()
    {
        InvalidOperationException ex = Assert.ThrowsExactly<InvalidOperationException>(
            () => LayerPeriods.Of([Span("F L1-4 mb0", 0), Span("B L4-1 mb0", 10)], 2));
        StringAssert.Contains(ex.Message, "no boundary");
    }

    [TestMethod]
    public void Run_EveryExperiment_ScoresForwardAndBackward()
    {
        SuiteResult suite = ValidationFixture.Suite("megatron-layer-2022");
        Assert.HasCount(10, suite.ScoredRows.ToArray());
        ValidationRow full = suite.Rows.Single(r => r.Label == "Baseline with recompute backward");
        ValidationRow none = suite.Rows.Single(r => r.Label == "Baseline no recompute backward");
        ValidationRow forward = suite.Rows.Single(r => r.Label == "Baseline no recompute forward");
        Assert.AreEqual(19.5, full.Published);
        // The recomputed forward is the difference, within the backward's overlap of the tensor-parallel collectives.
        Assert.AreEqual(forward.Predicted, full.Predicted - none.Predicted, 0.05 * forward.Predicted);
        ValidationRow sp = suite.Rows.Single(r => r.Label == "Sequence Parallelism forward");
        Assert.IsLessThan(forward.Predicted, sp.Predicted, "sequence parallelism runs layer norm and dropout on 1/t of the tokens");
    }

    /// <summary>
    /// Analytic cross-check: without recomputation and with blocking forward collectives, a layer's forward period is
    /// the sum of its operators' forward times plus its two tensor-parallel all-reduces of b·s·h 16-bit values.
    /// </summary>
    [TestMethod]
    public void Of_ForwardOfATensorParallelLayer_IsItsKernelsPlusTwoAllReduces()
    {
        const string yaml = """
            name: layer
            model: { family: gpt, layers: 8, hidden: 6144, heads: 64, seq_len: 2048, vocab: 51200 }
            cluster: { system: dgx-a100-80gb, gpus: 8 }
            parallelism: { tensor: 8, recompute: none, overlap: { tp_comm: backward } }
            training: { global_batch: 4, micro_batch: 4, precision: fp16, attention: unfused }
            """;
        Scenario scenario = ScenarioLoader.LoadText(yaml, "layer");
        ScenarioRunner.Outcome outcome = ScenarioRunner.Run(scenario, new RunOptions { TraceRanks = 1 });
        (Duration forward, _) = LayerPeriods.Of(outcome.Replay!.Spans, 4);

        ComputeCostModel cost = ScenarioRunner.CostModelFor(scenario, HardwareCatalog.Default);
        ModelAccount account = ModelAccountant.Account(scenario.Model, scenario.Layout.ToAccountingOptions());
        ModelTiming timing = cost.Time(account);
        LayerAccount block = account.Layers.First(l => l.Kind == LayerKind.Transformer);
        double kernels = block.Operators.Sum(op => timing.Operators.First(t => ReferenceEquals(t.Operator, op)).Forward.Seconds);
        Cluster cluster = ClusterFactory.Build(scenario);
        var collectives = new CollectiveModel(cluster);
        ImmutableArray<DeviceId> group = [.. cluster.Accelerators.Take(8)];
        double allReduce = collectives.Estimate(new CollectiveRequest(CollectiveOp.AllReduce, group, new Bytes(4.0 * 2048 * 6144 * 2))).Time.Seconds;

        Assert.AreEqual(kernels + (2 * allReduce), forward.Seconds, 0.01 * forward.Seconds);
    }
}
