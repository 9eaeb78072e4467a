using System.Diagnostics;

using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Hardware.Catalog;
using DeepScale.Workloads.Models;

namespace DeepScale.Experiments.Planning;

/// <summary>
/// The resource-allocation planner: given a spec (model, training settings, a cluster or a cloud provider), finds
/// the fastest or cheapest way to train it. It enumerates every cluster the request allows and on each every
/// tensor, pipeline and data size that divides it with every micro-batch, interleaving, sharding, recomputation and
/// sequence-parallel setting of the search space; rejects what breaks divisibility or does not fit in memory;
/// evaluates the rest analytically (<see cref="PlanSearch"/>, on all cores); ranks them by the objective under the
/// budget and deadline (<see cref="PlanRanking"/>); and replays the best at symmetric fidelity through the scenario
/// runner, ranking those by what the replay measured.
/// </summary>
public static class Planner
{
    public static PlanReport Plan(PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        HardwareCatalog catalog = request.Catalog ?? HardwareCatalog.Default;
        var wall = Stopwatch.StartNew();
        ScenarioCluster specCluster = PlanClusters.Resolve(request.Spec, catalog);
        Scenario baseScenario = BaseScenario(request.Spec, catalog);
        long? iterations = IterationsToTrain(request, baseScenario);
        var skipped = new List<string>();
        List<PlanClusterOption> options = PlanClusters.Enumerate(request, baseScenario, specCluster, catalog, skipped);
        bool priced = options.Count > 0 && options.All(o => o.UsdPerHour > 0);
        if (!priced && (request.Objective == PlanObjective.Cost || request.BudgetUsd is not null))
        {
            string what = request.Objective == PlanObjective.Cost ? "--objective cost" : "--budget-usd";
            throw new PlanException($"{what} needs prices: the cluster has no cloud instance; name one in cluster.cloud or pass --instances");
        }

        PlanSearch.Outcome outcome = new PlanSearch(request, baseScenario, options).Run();
        if (outcome.Candidates.Count == 0)
        {
            throw new PlanException("no feasible plan: " + outcome.TightestConstraint);
        }

        double? deadline = request.Deadline?.Seconds;
        var ranking = new PlanRanking(outcome.Candidates, options, request.Objective, iterations, request.BudgetUsd, deadline);
        double searchWall = wall.Elapsed.TotalSeconds;

        List<(int Index, List<string> Equivalent)> top = ranking.Top(request.Top);
        var settings = top.Select(t => SettingsOf(ranking[t.Index], options, baseScenario)).ToList();
        var results = new RunResult[top.Count];
        var replayWall = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.MaxDegreeOfParallelism) };
        var runOptions = new RunOptions { Fidelity = request.Replay ? Fidelity.Symmetric : Fidelity.Analytical, Catalog = catalog };
        try
        {
            Parallel.For(0, top.Count, parallel, k =>
            {
                Scenario scenario = PlanScenarios.ScenarioFor(options[ranking[top[k].Index].Option].Spec, settings[k], $"{baseScenario.Name}-plan{k + 1}", catalog);
                results[k] = ScenarioRunner.Run(scenario, runOptions).Result;
            });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }

        replayWall.Stop();
        var plans = new List<RankedPlan>(top.Count);
        for (int k = 0; k < top.Count; k++)
        {
            PlanCandidate c = ranking[top[k].Index];
            RunResult r = results[k];
            double? time = iterations * r.IterationTimeS;
            double? cost = priced ? iterations * r.Cost.UsdPerIteration : null;
            plans.Add(new RankedPlan
            {
                Rank = 0,
                AnalyticalRank = k + 1,
                Settings = settings[k],
                Equivalent = top[k].Equivalent,
                AnalyticalIterationTimeS = c.IterationSeconds,
                AnalyticalPeakGib = c.PeakBytes / Core.Units.Bytes.GiB,
                IterationsToTrain = iterations,
                TimeToTrainS = time,
                CostUsd = cost,
                MeetsBudget = request.BudgetUsd is double budget && cost is double total ? total <= budget : null,
                MeetsDeadline = deadline is double d && time is double t ? t <= d : null,
                Result = r,
            });
        }

        plans = [.. plans.OrderBy(p => p.Result.Memory.Fits ? 0 : 1).ThenBy(p => ReplayKey(p, request, ranking.ConstraintsMet, deadline)).ThenBy(p => p.AnalyticalRank)
            .Select((p, i) => p with { Rank = i + 1 })];
        double? correlation = plans.Count >= 2
            ? RankCorrelation.Spearman([.. plans.Select(p => (double)p.AnalyticalRank)], [.. plans.Select(p => (double)p.Rank)])
            : null;

        int cheapest = ranking.Cheapest();
        List<int> front = ranking.Front();
        bool costFront = priced && iterations is not null;
        var frontResults = new RunResult[costFront ? 0 : front.Count];
        Parallel.For(0, frontResults.Length, parallel, k =>
        {
            PlanCandidate c = ranking[front[k]];
            Scenario scenario = PlanScenarios.ScenarioFor(options[c.Option].Spec, SettingsOf(c, options, baseScenario), $"{baseScenario.Name}-front{k + 1}", catalog);
            frontResults[k] = ScenarioRunner.Run(scenario, new RunOptions { Fidelity = Fidelity.Analytical, Catalog = catalog }).Result;
        });

        return new PlanReport
        {
            Name = baseScenario.Name,
            Objective = request.Objective,
            Plans = plans,
            IterationsToTrain = iterations,
            Priced = priced,
            BudgetUsd = request.BudgetUsd,
            DeadlineS = deadline,
            ConstraintsMet = ranking.ConstraintsMet,
            ConstraintMessage = ranking.Message(),
            Fastest = PointOf(ranking, ranking.Fastest(), options, baseScenario, iterations, priced),
            Cheapest = cheapest < 0 || iterations is null ? null : PointOf(ranking, cheapest, options, baseScenario, iterations, priced),
            Front = [.. front.Select(i => PointOf(ranking, i, options, baseScenario, iterations, priced))],
            FrontResults = frontResults,
            Notes = Notes(plans, outcome, skipped),
            RankCorrelation = correlation,
            Statistics = new PlanStatistics
            {
                Clusters = options.Count,
                Grids = outcome.Grids,
                Layouts = outcome.Totals.Layouts,
                Indivisible = outcome.Totals.Indivisible,
                OutOfMemory = outcome.Totals.OutOfMemory,
                Pruned = outcome.Totals.Pruned,
                Evaluated = outcome.Totals.Evaluated,
                Uncosted = outcome.Totals.Uncosted,
                UncostedReason = outcome.Totals.UncostedReason ?? "",
                Accountings = outcome.Accountings,
                SearchWallS = searchWall,
                ReplayWallS = replayWall.Elapsed.TotalSeconds,
                SkippedClusters = [.. skipped],
            },
        };
    }

    /// <summary>
    /// Iterations of the training job: tokens over the tokens of one global batch (transformers), or epochs times
    /// <c>data.samples</c> over the global batch, rounded up; null when neither is given.
    /// </summary>
    public static long? IterationsToTrain(PlanRequest request, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scenario);
        double batch = scenario.Layout.GlobalBatch;
        double? iterations = null;
        if (request.Tokens is double tokens)
        {
            if (scenario.Model is not TransformerModel t)
            {
                throw new PlanException($"--tokens counts tokens, and {scenario.Model.Id} is not a transformer; give --epochs instead");
            }

            iterations = Math.Ceiling(tokens / (batch * t.SeqLen));
        }
        else if (request.Epochs is double epochs)
        {
            long samples = scenario.Data?.Samples
                ?? throw new PlanException("--epochs needs the size of the data set: add data.samples (and data.bytes_per_sample) to the spec, or give --tokens");
            iterations = Math.Ceiling(epochs * samples / batch);
        }

        return iterations is double n
            ? n <= long.MaxValue / 2 ? (long)n : throw new PlanException($"the training job needs {n:E3} iterations, more than the planner counts")
            : null;
    }

    /// <summary>
    /// The spec's model and training settings as the loader resolves them: the spec itself, or when its own
    /// parallelism does not suit its cluster (the planner replaces it anyway), the spec on one GPU with every parallel
    /// size 1. A spec whose other sections are wrong fails with the loader's own message.
    /// </summary>
    private static Scenario BaseScenario(SpecDocument spec, HardwareCatalog catalog)
    {
        try
        {
            return ScenarioLoader.Resolve(spec, catalog);
        }
        catch (SpecException original)
        {
            try
            {
                return ScenarioLoader.Resolve(PlanClusters.Neutral(spec), catalog);
            }
            catch (SpecException)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(original).Throw();
                throw;
            }
        }
    }

    private static List<string> Notes(List<RankedPlan> plans, PlanSearch.Outcome outcome, List<string> skipped)
    {
        var notes = new List<string>();
        if (plans.Any(p => !p.Result.Memory.Fits))
        {
            notes.Add("Some replayed plans do not fit in device memory by the replay's own ledger (the analytical check passed them); they are ranked last.");
        }

        if (outcome.Totals.Uncosted > 0)
        {
            notes.Add($"{outcome.Totals.Uncosted:N0} layouts fit but could not be costed by the collective model and were left out; the first: {outcome.Totals.UncostedReason}");
        }

        notes.AddRange(skipped.Select(s => "Cluster skipped: " + s));
        return notes;
    }

    private static double ReplayKey(RankedPlan p, PlanRequest request, bool met, double? deadline)
    {
        double value = request.Objective == PlanObjective.Cost ? p.CostUsd ?? 0 : p.Result.IterationTimeS;
        if (met || (request.BudgetUsd is null && deadline is null))
        {
            return value;
        }

        double miss = Math.Max(request.BudgetUsd is double b && p.CostUsd is double c ? c / b : 0, deadline is double d && p.TimeToTrainS is double t ? t / d : 0);
        return miss;
    }

    private static PlanSettings SettingsOf(PlanCandidate c, IReadOnlyList<PlanClusterOption> options, Scenario baseScenario)
    {
        ScenarioCluster cluster = options[c.Option].Cluster;
        return new PlanSettings
        {
            Nodes = cluster.Nodes,
            GpusPerNode = cluster.GpusPerNode,
            System = cluster.SystemId,
            Accelerator = cluster.Accelerator.Id,
            CloudProvider = cluster.CloudInstance?.Provider,
            CloudInstance = cluster.CloudInstance?.Instance,
            Tensor = c.Tensor,
            Context = c.Context,
            ContextCommunication = c.ContextCommunication,
            Pipeline = c.Pipeline,
            Data = c.Data,
            MicroBatch = c.MicroBatch,
            Microbatches = baseScenario.Layout.GlobalBatch / (c.MicroBatch * c.Data),
            VirtualStages = c.VirtualStages,
            ZeroStage = c.ZeroStage,
            DistributedOptimizer = c.DistributedOptimizer,
            Recompute = c.Recompute,
            SequenceParallel = c.SequenceParallel,
        };
    }

    private static PlanPoint PointOf(PlanRanking ranking, int index, IReadOnlyList<PlanClusterOption> options, Scenario baseScenario, long? iterations, bool priced)
    {
        PlanCandidate c = ranking[index];
        return new PlanPoint(SettingsOf(c, options, baseScenario).Label, options[c.Option].Gpus, c.IterationSeconds,
            baseScenario.Layout.GlobalBatch / c.IterationSeconds,
            iterations is null ? null : ranking.TimeOf(index),
            iterations is null || !priced ? null : ranking.CostOf(index));
    }
}
