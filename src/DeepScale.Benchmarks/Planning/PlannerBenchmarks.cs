using BenchmarkDotNet.Attributes;

using DeepScale.Experiments.Planning;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Analytical;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Pipeline;
using DeepScale.Workloads.Accounting;
using DeepScale.Workloads.Cost;

namespace DeepScale.Benchmarks.Planning;

/// <summary>
/// The planner's speed targets for GPT-3 175B on up to 1,024 A100: <see cref="Evaluate"/> times one analytical
/// configuration evaluation (micro-batches 1–8, interleaving 1–4, ZeRO 0–3 and three recompute modes on the
/// TP 8 · PP 16 · DP 8 grid, each timed by <see cref="SlicedAnalyticalEstimator"/> as the search times it, with
/// the grid's memoized collective costs) on one core; <see cref="AnalyticalSearch"/> is the whole search of
/// <c>deepscale plan --max-gpus 1024</c> on both cores without the replays of the top candidates.
/// </summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private const string Spec = """
        name: gpt3-175b-1024-a100
        model: { preset: gpt3-175b }
        cluster: { system: dgx-a100-80gb, nodes: 128 }
        parallelism: { tensor: 8, pipeline: 16, data: 8, schedule: interleaved-1f1b, virtual_stages: 2, recompute: full }
        training: { global_batch: 1536, micro_batch: 1, precision: bf16 }
        """;

    private (LayerCostTable Table, TrainingLayout Layout)[] _cases = [];
    private ComputeCostModel _cost = null!;
    private ICommunicationCost _comm = null!;
    private PlanRequest _request = null!;

    /// <summary>Configurations timed per invocation of <see cref="Evaluate"/>.</summary>
    public const int Configurations = 6 * 4 * 4 * 3;

    [GlobalSetup]
    public void Setup()
    {
        Scenario scenario = ScenarioLoader.LoadText(Spec, "gpt3-175b.yaml");
        Cluster cluster = ClusterBuilder.Build(scenario.Cluster.Spec, HardwareCatalog.Default);
        _cost = ComputeCostModel.ForAccelerator(scenario.Cluster.Accelerator);
        TrainingLayout baseLayout = scenario.Layout;
        _comm = new MemoizedCommunicationCost(new ClusterCommunicationCost(new CollectiveModel(cluster),
            RankGrid.For(baseLayout), cluster.Accelerators));
        var cases = new List<(LayerCostTable, TrainingLayout)>();
        foreach (int microBatch in new[] { 1, 2, 3, 4, 6, 8 })
        {
            foreach (RecomputeMode recompute in new[] { RecomputeMode.None, RecomputeMode.Selective, RecomputeMode.Full })
            {
                ModelAccount account = ModelAccountant.Account(scenario.Model, (baseLayout with { MicroBatch = microBatch, Recompute = recompute }).ToAccountingOptions());
                LayerCostTable table = LayerCostTable.Build(scenario.Model, account, _cost.Time(account), baseLayout.Overlap.Userbuffers(baseLayout.SequenceParallel));
                foreach (int virtualStages in new[] { 1, 2, 3, 6 })
                {
                    for (int zero = 0; zero <= 3; zero++)
                    {
                        cases.Add((table, baseLayout with
                        {
                            MicroBatch = microBatch,
                            VirtualStages = virtualStages,
                            Schedule = virtualStages > 1 ? PipelineScheduleKind.Interleaved1F1B : PipelineScheduleKind.OneFOneB,
                            ZeroStage = zero,
                            Recompute = recompute,
                        }));
                    }
                }
            }
        }

        _cases = [.. cases];
        _request = new PlanRequest { Spec = SpecDocument.Parse(Spec, "gpt3-175b.yaml"), MaxGpus = 1024, Replay = false };
    }

    /// <summary>One analytical evaluation (the mean over <see cref="Configurations"/> configurations).</summary>
    [Benchmark(OperationsPerInvoke = Configurations)]
    public double Evaluate()
    {
        double sum = 0;
        foreach ((LayerCostTable table, TrainingLayout layout) in _cases)
        {
            sum += SlicedAnalyticalEstimator.IterationSeconds(table, layout, _cost, _comm);
        }

        return sum;
    }

    /// <summary>The whole analytical search over every cluster size up to 1,024 GPUs, on both cores.</summary>
    [Benchmark]
    public long AnalyticalSearch() => Planner.Plan(_request).Statistics.Evaluated;
}
