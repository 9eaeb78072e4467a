using DeepScale.Experiments.Planning;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Strategies;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Memory;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Tests.Planning;

/// <summary>The planner's pruning rules (see <c>PlanSearch</c>): their premises, and that they change no answer.</summary>
[TestClass]
public sealed class PruningTests
{
    /// <summary>Premise of rule 2: with everything else fixed, a larger micro-batch never lowers the peak of any stage.</summary>
    [TestMethod]
    [DataRow("gpt3-1.7b", 31UL)]
    [DataRow("llama2-7b", 32UL)]
    public void Peak_LargerMicroBatch_NeverLower(string preset, ulong seed)
    {
        var model = (TransformerModel)ModelZoo.Get(preset);
        int compared = 0;
        foreach (TrainingLayout layout in RandomLayouts.Draw(model, 32, 8, 384, seed, 25))
        {
            double previous = 0;
            for (int b = 1; b <= 8; b++)
            {
                TrainingLayout l = layout with { MicroBatch = b };
                int m = l.GlobalBatch % (b * l.Data) == 0 ? l.Microbatches : 0;
                if (m == 0 || (l.VirtualStages > 1 && m % l.Pipeline != 0))
                {
                    continue;
                }

                double peak = Enumerable.Range(0, l.Pipeline)
                    .Max(s => MemoryAccountant.Account(model, TrainingScheduleBuilder.MemoryStrategyFor(l, s)).Peak.Count);
                Assert.IsGreaterThanOrEqualTo(previous, peak, $"micro-batch {b}: {l}");
                previous = peak;
                compared++;
            }
        }

        Assert.IsGreaterThan(50, compared);
    }

    /// <summary>Premise of rule 3: with one replica every ZeRO stage and the distributed optimizer predict the same time and memory.</summary>
    [TestMethod]
    public void Plan_OneReplica_EveryShardingIsEquivalent()
    {
        PlanReport report = Planner.Plan(PlanningSpecs.Analytical(PlanningSpecs.OnDgx("gpt3-7.5b", 1, 32), top: 40,
            new PlanSearchSpace { Prune = false, MicroBatches = [1, 2], Recompute = [RecomputeMode.Full], SequenceParallel = [false] }));

        RankedPlan[] single = [.. report.Plans.Where(p => p.Settings.Data == 1)];
        Assert.IsNotEmpty(single);
        foreach (RankedPlan p in single)
        {
            Assert.AreEqual(0, p.Settings.ZeroStage, p.Settings.Label);
            Assert.IsFalse(p.Settings.DistributedOptimizer, p.Settings.Label);
            int expected = p.Settings.Pipeline == 1 ? 4 : 2;
            Assert.HasCount(expected, p.Equivalent, $"{p.Settings.Label}: {string.Join(", ", p.Equivalent)}");
        }
    }

    /// <summary>Safety: the rules remove layouts, never a plan — the answer with them equals the exhaustive one.</summary>
    [TestMethod]
    public void Plan_PruningOnAndOff_SameAnswer()
    {
        var space = new PlanSearchSpace { MicroBatches = [1, 2, 4, 8], VirtualStages = [1, 2] };
        PlanRequest request = PlanningSpecs.Analytical(PlanningSpecs.OnDgx("gpt3-39b", 4, 64), top: 25, space);

        PlanReport pruned = Planner.Plan(request);
        PlanReport exhaustive = Planner.Plan(request with { Space = space with { Prune = false } });

        Assert.IsGreaterThan(0L, pruned.Statistics.Pruned);
        Assert.AreEqual(0L, exhaustive.Statistics.Pruned);
        Assert.AreEqual(exhaustive.Statistics.Layouts, pruned.Statistics.Layouts);
        Assert.HasCount(exhaustive.Plans.Count, pruned.Plans);
        for (int i = 0; i < pruned.Plans.Count; i++)
        {
            Assert.AreEqual(exhaustive.Plans[i].Settings, pruned.Plans[i].Settings, $"plan {i + 1}");
            Assert.AreEqual(exhaustive.Plans[i].AnalyticalIterationTimeS, pruned.Plans[i].AnalyticalIterationTimeS, $"plan {i + 1}");
            Assert.AreEqual(exhaustive.Plans[i].AnalyticalPeakGib, pruned.Plans[i].AnalyticalPeakGib, $"plan {i + 1}");
        }

        Assert.AreEqual(exhaustive.Fastest, pruned.Fastest);
        CollectionAssert.AreEqual(exhaustive.Front.ToList(), pruned.Front.ToList());
    }
}
