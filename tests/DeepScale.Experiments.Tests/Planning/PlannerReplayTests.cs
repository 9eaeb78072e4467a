using DeepScale.Experiments.Planning;
using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Tests.Planning;

[TestClass]
public sealed class PlannerReplayTests
{
    /// <summary>The analytical order of the replayed plans agrees with the order the symmetric replays measure.</summary>
    /// <remarks>
    /// One case (GPT-3 3.6B on 32 A100, batch 256, ZeRO 0–2): the agreement is not general. The estimator charges
    /// interleaved pipelines' bubble and data-parallel overlap more than the replay measures (3–5% on such plans),
    /// so where the top plans mix pipelined and unpipelined layouts within a few percent ρ drops to 0.65–0.88.
    /// </remarks>
    [TestMethod]
    public void Plan_TopTwenty_AnalyticalAndReplayedRankingsAgree()
    {
        PlanReport report = Planner.Plan(new PlanRequest
        {
            Spec = PlanningSpecs.OnDgx("gpt3-3.6b", 4, 256),
            Top = 20,
            Space = new PlanSearchSpace { ZeroStages = [0, 1, 2] },
        });

        Assert.HasCount(20, report.Plans);
        Assert.IsTrue(report.Plans.All(p => p.Result.Fidelity == "symmetric"));
        Assert.IsTrue(report.Plans.Any(p => p.Settings.Pipeline > 1) && report.Plans.Any(p => p.Settings.Pipeline == 1), "a mixed top 20");
        Assert.IsNotNull(report.RankCorrelation);
        Assert.IsGreaterThanOrEqualTo(0.9, report.RankCorrelation.Value);
        double rho = RankCorrelation.Spearman([.. report.Plans.Select(p => p.AnalyticalIterationTimeS)], [.. report.Plans.Select(p => p.Result.IterationTimeS)]);
        Assert.IsGreaterThanOrEqualTo(0.9, rho);
        foreach (RankedPlan p in report.Plans)
        {
            Assert.AreEqual(p.AnalyticalIterationTimeS, p.Result.IterationTimeS, 0.06 * p.AnalyticalIterationTimeS, p.Settings.Label);
        }
    }

    /// <summary>
    /// GPT-3 175B on up to 1,024 A100 (the search of the planner's speed target): the analytical and the replayed order of
    /// the top 20 agree (Spearman ρ ≥ 0.9), and every replayed plan fits in memory by the replay's own ledger.
    /// </summary>
    [TestMethod]
    [TestCategory("Slow")]
    public void Plan_Gpt3175bOn1024_TopTwentyRankingsAgreeAndFit()
    {
        SpecDocument spec = ScenarioLoader.ParseText("""
            name: gpt3-175b-1024-a100
            model:
              preset: gpt3-175b
            cluster:
              system: dgx-a100-80gb
              nodes: 128
            parallelism:
              tensor: 8
              pipeline: 16
              schedule: interleaved-1f1b
              virtual_stages: 2
              overlap: { grad_reduce: false, param_gather: false, tp_comm: false }
              recompute: full
            training:
              global_batch: 1536
              micro_batch: 1
              precision: fp16
              optimizer: adam
              attention: unfused
            """, "test");

        PlanReport report = Planner.Plan(new PlanRequest { Spec = spec, Top = 20, MaxGpus = 1024 });

        Assert.HasCount(20, report.Plans);
        Assert.IsTrue(report.Plans.All(p => p.Result.Memory.Fits), string.Join(", ", report.Plans.Where(p => !p.Result.Memory.Fits).Select(p => p.Settings.Label)));
        Assert.IsNotNull(report.RankCorrelation);
        Assert.IsGreaterThanOrEqualTo(0.9, report.RankCorrelation.Value);
    }

    /// <summary>Every reported plan is a scenario the loader accepts, and its analytical run is what the search predicted.</summary>
    [TestMethod]
    public void Plan_TopPlans_ScenariosResolveAndMatchTheSearch()
    {
        SpecDocument spec = PlanningSpecs.OnDgx("gpt3-1.7b", 2, 128);
        PlanReport report = Planner.Plan(PlanningSpecs.Analytical(spec, top: 15));

        Assert.HasCount(15, report.Plans);
        for (int i = 0; i < report.Plans.Count; i++)
        {
            RankedPlan p = report.Plans[i];
            Assert.AreEqual(i + 1, p.Rank);
            Assert.AreEqual("analytical", p.Result.Fidelity);
            Assert.AreEqual(p.Settings.Gpus, p.Result.Gpus);
            Assert.AreEqual(p.AnalyticalIterationTimeS, p.Result.IterationTimeS, 1e-9 * p.AnalyticalIterationTimeS, p.Settings.Label);
            // The search checks the replay's ledger (StagePeakMemoryTests), not the accountant's analytical peak.
            Assert.IsLessThanOrEqualTo(p.Result.Memory.CapacityGib, p.AnalyticalPeakGib, p.Settings.Label);
            Assert.IsTrue(p.Result.Memory.Fits, p.Settings.Label);

            Scenario s = PlanScenarios.ScenarioFor(spec, p.Settings, "check");
            Assert.AreEqual(p.Settings.Tensor, s.Layout.Tensor);
            Assert.AreEqual(p.Settings.Pipeline, s.Layout.Pipeline);
            Assert.AreEqual(p.Settings.Data, s.Layout.Data);
            Assert.AreEqual(p.Settings.MicroBatch, s.Layout.MicroBatch);
            Assert.AreEqual(p.Settings.VirtualStages, s.Layout.VirtualStages);
            Assert.AreEqual(p.Settings.ZeroStage, s.Layout.ZeroStage);
            Assert.AreEqual(p.Settings.Recompute, s.Layout.Recompute);
            Assert.AreEqual(p.Settings.SequenceParallel, s.Layout.SequenceParallel);
            Assert.AreEqual(p.Settings.Microbatches, s.Layout.Microbatches);
        }

        Assert.IsTrue(report.Plans.Zip(report.Plans.Skip(1)).All(x => x.First.AnalyticalIterationTimeS <= x.Second.AnalyticalIterationTimeS));
    }

    [TestMethod]
    public void Plan_OneThreadOrTwo_SameAnswer()
    {
        PlanRequest request = PlanningSpecs.Analytical(PlanningSpecs.OnDgx("gpt3-7.5b", 2, 128), top: 10) with { MaxGpus = 16 };

        PlanReport one = Planner.Plan(request with { MaxDegreeOfParallelism = 1 });
        PlanReport two = Planner.Plan(request with { MaxDegreeOfParallelism = 2 });

        CollectionAssert.AreEqual(one.Plans.Select(p => p.Settings).ToList(), two.Plans.Select(p => p.Settings).ToList());
        CollectionAssert.AreEqual(one.Plans.Select(p => p.AnalyticalIterationTimeS).ToList(), two.Plans.Select(p => p.AnalyticalIterationTimeS).ToList());
        Assert.AreEqual(one.Statistics.Evaluated, two.Statistics.Evaluated);
        Assert.AreEqual(one.Statistics.OutOfMemory, two.Statistics.OutOfMemory);
        CollectionAssert.AreEqual(one.Front.ToList(), two.Front.ToList());
    }

    [TestMethod]
    public void Plan_MaxGpus_SearchesEveryWholeNodeCount()
    {
        PlanReport report = Planner.Plan(PlanningSpecs.Analytical(PlanningSpecs.OnDgx("gpt3-1.7b", 1, 96), top: 5) with { MaxGpus = 32 });

        Assert.AreEqual(4, report.Statistics.Clusters);
        Assert.AreEqual(32, report.Plans[0].Settings.Gpus);
        Assert.IsTrue(report.Front.Zip(report.Front.Skip(1)).All(x => x.First.Gpus < x.Second.Gpus && x.First.IterationTimeS > x.Second.IterationTimeS));
        Assert.HasCount(report.Front.Count, report.FrontResults);
    }
}
