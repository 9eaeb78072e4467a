using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;

using DeepScale.Core.Units;
using DeepScale.Experiments.Planning;
using DeepScale.Experiments.Results;
using DeepScale.Experiments.Spec;
using DeepScale.Reporting.Charts;
using DeepScale.Reporting.Csv;
using DeepScale.Reporting.Files;
using DeepScale.Reporting.Inputs;
using DeepScale.Reporting.Markdown;
using DeepScale.Workloads.Accounting;

using Spectre.Console;

namespace DeepScale.Cli.Commands;

/// <summary>
/// <c>deepscale plan SPEC.yaml</c>: the resource-allocation planner. Searches every parallel layout (and cloud
/// instance type and count) the options allow, ranks them by the objective, replays the best, and prints a ranked
/// table or the JSON array of ranked plans; writes plans.csv, pareto.png and summary.md.
/// </summary>
public static class PlanCommand
{
    public const string Help = """
        deepscale plan SPEC.yaml [--objective throughput|cost|time-to-train] [--gpus N | --max-gpus N]
                                 [--budget-usd X] [--deadline "3 days"] [--tokens 300e9 | --epochs N] [--top K]
                                 [--instances LIST] [--json] [--out DIR] [search-space options]

        Finds the fastest or cheapest way to train the spec's model: every tensor × pipeline × data split that divides
        the GPUs (tensor within a node), with every micro-batch, interleaving, ZeRO stage or distributed optimizer,
        recompute policy and sequence-parallel setting; rejects what breaks divisibility or does not fit in memory,
        evaluates the rest analytically, replays the best K at symmetric fidelity and ranks them by the replay.

          --objective O      throughput (default), cost (total USD of the job), time-to-train
          --gpus N           exactly N GPUs;  --max-gpus N: any whole number of nodes up to N GPUs (on
                             premises, also part of one node when N is less than a node); neither: the
                             spec's GPU count
          --budget-usd X     the job must cost at most X dollars (on-demand prices)
          --deadline D       the job must finish within D ("3 days", "36 h")
          --tokens N         train on N tokens (e.g. 300e9);  --epochs N: N passes over data.samples
          --top K            plans to replay and show (default 20)
          --instances LIST   cloud instance types to choose from, comma-separated: a provider ("aws": every
                             priced GPU instance of it) or provider:instance ("aws:p4d.24xlarge"). Without it, a
                             spec naming cluster.cloud is planned over every priced instance type of its provider.
          --json             print one JSON array of the ranked plans, best first (each with "settings" and the
                             result object under "result"); nothing else on stdout
          --out DIR          output folder (default results/plans/<spec name>)

        Search-space options (defaults: all of them, and the spec's context-parallel size):
          --micro-batches L  e.g. 1-8 or 1,2,4      --virtual-stages L  e.g. 1-4 (1 = 1F1B, more = interleaved)
          --context L        context-parallel sizes, e.g. 1,2,4 (needs fused attention; each splits every sequence)
          --context-comm L   context exchange forms where context > 1: p2p,all-gather,a2a (default: the spec's)
          --zero L           e.g. 0-3 or 0,1        --recompute L       none,selective,full
          --no-distributed-optimizer                --no-sequence-parallel
          --tensor-across-nodes                     let tensor-parallel groups span nodes
          --no-replay        report the analytical results of the top K instead of replaying them
          --no-prune         evaluate every layout (the pruning rules are safe; this checks them)

        Exit codes: 0 (also when no plan meets the budget or deadline: the closest plans are shown and the reason is
        printed), 2 bad input (an objective needing --tokens/--epochs without them, a budget ≤ 0, a search space with
        no feasible point: one line naming the tightest constraint).

        Examples:
          deepscale plan experiments/specs/gpt3-175b-1024-a100.yaml --max-gpus 1024
          deepscale plan spec.yaml --objective cost --tokens 300e9 --instances aws --max-gpus 512 --deadline "30 days"
        """;

    /// <summary>Options that take a value.</summary>
    public static readonly string[] ValuedOptions =
    [
        "--objective", "--gpus", "--max-gpus", "--budget-usd", "--deadline", "--tokens", "--epochs", "--top", "--instances", "--out",
        "--micro-batches", "--virtual-stages", "--zero", "--recompute", "--context", "--context-comm",
    ];

    /// <summary>Options that are on when present.</summary>
    public static readonly string[] FlagOptions =
    [
        "--json", "--no-replay", "--no-prune", "--no-distributed-optimizer", "--no-sequence-parallel", "--tensor-across-nodes",
    ];

    public static int Run(CommandLine cl)
    {
        ArgumentNullException.ThrowIfNull(cl);
        if (cl.Help)
        {
            Console.WriteLine(Help);
            return 0;
        }

        string path = cl.Single("spec file");
        if (cl.Value("--out") is { } outOption)
        {
            OutputFolder.Check("plan", "--out", outOption);
        }

        PlanReport report;
        try
        {
            PlanRequest request = RequestOf(cl, ScenarioLoader.ParseFile(path));
            report = Planner.Plan(request);
        }
        catch (PlanException ex)
        {
            Console.Error.WriteLine($"deepscale: plan: {ex.Message.ReplaceLineEndings(" ")}");
            return 2;
        }

        string output = cl.Value("--out") ?? ResultsFolder.For(report.Name, "plans");
        if (cl.Has("--json"))
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(report.Plans, ResultJson.Options));
        }
        else
        {
            Render(report);
        }

        foreach (string line in Messages(report))
        {
            Console.Error.WriteLine($"deepscale: plan: {line}");
        }

        Write(report, output);
        if (!cl.Has("--json"))
        {
            AnsiConsole.MarkupLine(Markup.Escape($"wrote {Path.Combine(output, "plans.csv")}, pareto.png, summary.md"));
        }

        return 0;
    }

    /// <summary>The planning request a command line asks for.</summary>
    public static PlanRequest RequestOf(CommandLine cl, SpecDocument spec)
    {
        ArgumentNullException.ThrowIfNull(cl);
        var space = new PlanSearchSpace();
        space = space with
        {
            MicroBatches = cl.Value("--micro-batches") is { } mb ? Integers("--micro-batches", mb) : space.MicroBatches,
            VirtualStages = cl.Value("--virtual-stages") is { } vs ? Integers("--virtual-stages", vs) : space.VirtualStages,
            Context = cl.Value("--context") is { } cp ? Integers("--context", cp) : space.Context,
            ContextCommunications = cl.Value("--context-comm") is { } cc
                ? Choices("--context-comm", cc, ("p2p", ContextCommunication.P2P), ("all-gather", ContextCommunication.AllGather), ("a2a", ContextCommunication.AllToAll))
                : space.ContextCommunications,
            ZeroStages = cl.Value("--zero") is { } z ? Integers("--zero", z) : space.ZeroStages,
            Recompute = cl.Value("--recompute") is { } rc
                ? Choices("--recompute", rc, ("none", RecomputeMode.None), ("selective", RecomputeMode.Selective), ("full", RecomputeMode.Full))
                : space.Recompute,
            DistributedOptimizer = !cl.Has("--no-distributed-optimizer"),
            SequenceParallel = cl.Has("--no-sequence-parallel") ? [false] : space.SequenceParallel,
            TensorAcrossNodes = cl.Has("--tensor-across-nodes"),
            Prune = !cl.Has("--no-prune"),
        };
        return new PlanRequest
        {
            Spec = spec,
            Objective = cl.Value("--objective") switch
            {
                null or "throughput" => PlanObjective.Throughput,
                "cost" => PlanObjective.Cost,
                "time-to-train" => PlanObjective.TimeToTrain,
                string other => throw new UsageException($"plan: --objective must be throughput, cost or time-to-train, not '{other}'"),
            },
            Gpus = cl.Has("--gpus") ? cl.Int("--gpus", 1, 1, 1 << 24) : null,
            MaxGpus = cl.Has("--max-gpus") ? cl.Int("--max-gpus", 1, 1, 1 << 24) : null,
            BudgetUsd = Number(cl, "--budget-usd"),
            Deadline = cl.Value("--deadline") is { } d ? Deadline(d) : null,
            Tokens = Number(cl, "--tokens"),
            Epochs = Number(cl, "--epochs"),
            Top = cl.Int("--top", 20, 1, 1000),
            Replay = !cl.Has("--no-replay"),
            Instances = cl.Value("--instances") is { } list ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : null,
            Space = space,
        };
    }

    private static double? Number(CommandLine cl, string option) =>
        cl.Value(option) is not { } text ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) ? value
        : throw new UsageException($"plan: {option} must be a number (e.g. 300e9), not '{text}'");

    private static Duration Deadline(string text)
    {
        try
        {
            return Duration.Parse(text);
        }
        catch (UnitFormatException ex)
        {
            throw new UsageException($"plan: --deadline: {ex.Message}");
        }
    }

    /// <summary>"1-8", "1,2,4" or "0-1,3".</summary>
    private static ImmutableArray<int> Integers(string option, string text)
    {
        var values = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] range = part.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length is < 1 or > 2 || !range.All(r => int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                throw new UsageException($"plan: {option} must be a list of integers or ranges such as 1-8 or 1,2,4, not '{text}'");
            }

            int from = int.Parse(range[0], CultureInfo.InvariantCulture), to = int.Parse(range[^1], CultureInfo.InvariantCulture);
            if (to < from || to - from > 100_000)
            {
                throw new UsageException($"plan: {option}: '{part}' is not an increasing range");
            }

            values.AddRange(Enumerable.Range(from, to - from + 1));
        }

        return values.Count == 0 ? throw new UsageException($"plan: {option} must not be empty") : [.. values.Distinct()];
    }

    /// <summary>A comma-separated list of spellings from <paramref name="table"/>, each value once.</summary>
    private static ImmutableArray<T> Choices<T>(string option, string text, params (string Spelling, T Value)[] table)
    {
        string names = string.Join(", ", table[..^1].Select(e => e.Spelling)) + " and " + table[^1].Spelling;
        return
        [
            .. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s =>
                table.Any(e => e.Spelling == s) ? table.First(e => e.Spelling == s).Value
                    : throw new UsageException($"plan: {option} takes {names}, not '{s}'")).Distinct(),
        ];
    }

    private static IEnumerable<string> Messages(PlanReport report)
    {
        if (!report.ConstraintsMet)
        {
            yield return report.ConstraintMessage;
        }

        foreach (string note in report.Notes)
        {
            yield return "note: " + note;
        }
    }

    private static void Render(PlanReport r)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            // Redirected output is 80 columns wide by default, which folds every cell of this table.
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 200);
        }

        bool job = r.IterationsToTrain is not null, tokens = r.Plans.Any(p => p.Result.TokensPerS > 0);
        string title = $"{r.Name}: the {r.Plans.Count} best plans by {Objective(r.Objective)}"
            + (r.Plans.Count > 0 ? $" ({r.Plans[0].Result.Fidelity} fidelity; an# and an. s: the analytical rank and time)" : "");
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
        bool context = r.Plans.Any(p => p.Settings.Context > 1);
        table.AddColumns(["#", "an#", "GPUs", "t", .. context ? ["c"] : Array.Empty<string>(), "p", "d", "b", "v", "sharding", "recompute", "sp", "iter s", "an. s",
            tokens ? "tokens/s" : "samples/s", "MFU", "GiB"]);
        if (job)
        {
            table.AddColumn("time to train");
        }

        if (r.Priced && job)
        {
            table.AddColumn("cost");
        }

        foreach (RankedPlan p in r.Plans)
        {
            PlanSettings s = p.Settings;
            RunResult res = p.Result;
            var cells = new List<string>
            {
                I($"{p.Rank}"), I($"{p.AnalyticalRank}"), s.CloudInstance is { } i ? I($"{s.Nodes}x {i}") : I($"{s.Gpus}"),
                I($"{s.Tensor}"), I($"{s.Pipeline}"), I($"{s.Data}"), I($"{s.MicroBatch}"), I($"{s.VirtualStages}"), s.Sharding, s.RecomputeName,
                s.SequenceParallel ? "on" : "", I($"{res.IterationTimeS:0.000}"), I($"{p.AnalyticalIterationTimeS:0.000}"),
                tokens ? I($"{res.TokensPerS:N0}") : I($"{res.SamplesPerS:N1}"), I($"{res.Mfu:P1}"),
                I($"{res.Memory.PeakGib:0.0}{(res.Memory.Fits ? "" : " no fit")}"),
            };
            if (context)
            {
                cells.Insert(4, s.Context > 1 && s.ContextCommunication != ContextCommunication.P2P ? I($"{s.Context} {s.ContextCommunicationName}") : I($"{s.Context}"));
            }

            if (job)
            {
                cells.Add(PlanExplanation.Days(p.TimeToTrainS ?? 0));
            }

            if (r.Priced && job)
            {
                cells.Add(PlanExplanation.Usd(p.CostUsd ?? 0));
            }

            table.AddRow([.. cells.Select(Markup.Escape)]);
        }

        AnsiConsole.Write(table);
        foreach (string line in Footer(r))
        {
            AnsiConsole.MarkupLine(Markup.Escape(line));
        }
    }

    /// <summary>Lines under the table: the fastest and cheapest plans with their dollar totals, and the search.</summary>
    private static IEnumerable<string> Footer(PlanReport r)
    {
        if (r.Priced && r.IterationsToTrain is not null && r.Cheapest is { } cheap)
        {
            yield return $"fastest plan:  {r.Fastest.Label} on {r.Fastest.Gpus} GPUs: {PlanExplanation.Days(r.Fastest.TimeToTrainS ?? 0)}, {PlanExplanation.Usd(r.Fastest.CostUsd ?? 0)} (analytical)";
            yield return $"cheapest plan: {cheap.Label} on {cheap.Gpus} GPUs: {PlanExplanation.Days(cheap.TimeToTrainS ?? 0)}, {PlanExplanation.Usd(cheap.CostUsd ?? 0)} (analytical)";
        }

        PlanStatistics st = r.Statistics;
        yield return I($"searched {st.Clusters} clusters, {st.Grids} grids, {st.Layouts:N0} layouts: {st.Indivisible:N0} indivisible, {st.OutOfMemory:N0} out of memory, {st.Pruned:N0} pruned, {st.Evaluated:N0} evaluated in {st.SearchWallS:0.00} s; replays {st.ReplayWallS:0.00} s");
        if (r.RankCorrelation is double rho)
        {
            yield return I($"analytical vs replayed ranking of these plans: Spearman ρ = {rho:0.000}");
        }
    }

    /// <summary>Writes plans.csv, pareto.png and summary.md into <paramref name="output"/>, each replaced atomically.</summary>
    public static void Write(PlanReport report, string output)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(output);
        string[] axes =
        [
            "rank", "analytical_rank", "plan.nodes", "plan.gpus_per_node", "plan.system", "plan.accelerator", "plan.cloud_instance",
            "plan.tensor", "plan.context", "plan.context_comm", "plan.pipeline", "plan.data", "plan.micro_batch", "plan.virtual_stages", "plan.zero", "plan.distributed_optimizer",
            "plan.recompute", "plan.sequence_parallel", "plan.equivalent", "plan.analytical_iteration_time_s",
            "plan.analytical_peak_gib", "plan.time_to_train_s", "plan.cost_usd",
        ];
        var points = report.Plans.Select(p => PointRecord.FromResult(
        [
            .. new[]
            {
                I($"{p.Rank}"), I($"{p.AnalyticalRank}"), I($"{p.Settings.Nodes}"), I($"{p.Settings.GpusPerNode}"), p.Settings.System, p.Settings.Accelerator,
                p.Settings.CloudInstance ?? "", I($"{p.Settings.Tensor}"), I($"{p.Settings.Context}"), p.Settings.Context > 1 ? p.Settings.ContextCommunicationName : "", I($"{p.Settings.Pipeline}"), I($"{p.Settings.Data}"),
                I($"{p.Settings.MicroBatch}"), I($"{p.Settings.VirtualStages}"), I($"{p.Settings.ZeroStage}"), p.Settings.DistributedOptimizer ? "true" : "false",
                p.Settings.RecomputeName, p.Settings.SequenceParallel ? "true" : "false", string.Join(';', p.Equivalent),
                I($"{p.AnalyticalIterationTimeS:R}"), I($"{p.AnalyticalPeakGib:R}"), p.TimeToTrainS is double t ? I($"{t:R}") : "",
                p.CostUsd is double c ? I($"{c:R}") : "",
            }.Select((v, k) => new AxisValue(axes[k], v)),
        ], p.Result)).ToList();
        PointsCsv.Write(Path.Combine(output, "plans.csv"), new PointsTable(axes, points));
        try
        {
            ChartOf(report).SavePng(Path.Combine(output, "pareto.png"));
        }
        catch (MissingFontException ex)
        {
            Console.Error.WriteLine($"deepscale: plan: pareto.png not written: {ex.Message}");
        }

        AtomicFile.WriteAllText(Path.Combine(output, "summary.md"), Summary(report));
    }

    /// <summary>Cost against time to train with its Pareto front when the job is sized and priced; throughput against GPUs otherwise.</summary>
    public static ReportChart ChartOf(PlanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Priced && report.IterationsToTrain is long iterations)
        {
            var points = report.Front.Select(f => new CostTimePoint(f.Label, f.TimeToTrainS ?? 0, f.CostUsd ?? 0))
                .Concat(report.Plans.Select(p => CostTimePoint.FromResult($"#{p.Rank} {p.Settings.Label}", p.Result, iterations)))
                .ToList();
            return Chart.CostVsTimeToTrain(points).WithTitle($"{report.Name}: cost vs time to train (front: analytical; #k: replayed)");
        }

        bool tokens = report.FrontResults.Any(r => r.TokensPerS > 0);
        var series = new RunSeries("fastest plan per GPU count (analytical)", report.FrontResults);
        return Chart.Throughput([series], tokens ? ThroughputMetric.TokensPerSecond : ThroughputMetric.SamplesPerSecond)
            .WithTitle($"{report.Name}: best throughput vs GPUs");
    }

    /// <summary>summary.md: the winner and where its time goes, why the runner-up loses, the ranked table, the search.</summary>
    public static string Summary(PlanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Plan: {report.Name}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Objective: {Objective(report.Objective)}.");
        if (report.IterationsToTrain is long n)
        {
            md.Append(CultureInfo.InvariantCulture, $" Training job: {n:N0} iterations.");
        }

        if (report.BudgetUsd is double budget)
        {
            md.Append(CultureInfo.InvariantCulture, $" Budget: {PlanExplanation.Usd(budget)}.");
        }

        if (report.DeadlineS is double deadline)
        {
            md.Append(CultureInfo.InvariantCulture, $" Deadline: {PlanExplanation.Days(deadline)}.");
        }

        md.Append("\n\n");
        if (!report.ConstraintsMet)
        {
            md.Append("**").Append(report.ConstraintMessage).Append(".**\n\n");
        }

        md.Append("## The winner\n\n").AppendJoin("\n\n", PlanExplanation.Winner(report)).Append("\n\n");
        if (report.Plans.Count > 1)
        {
            md.Append("## Why the runner-up loses\n\n").AppendJoin("\n\n", PlanExplanation.RunnerUp(report)).Append("\n\n");
        }

        if (report.Priced && report.IterationsToTrain is not null && report.Cheapest is { } cheap)
        {
            md.Append("## Fastest and cheapest (analytical, over every feasible plan)\n\n");
            md.Append(CultureInfo.InvariantCulture, $"- fastest: {report.Fastest.Label} on {report.Fastest.Gpus} GPUs — {PlanExplanation.Days(report.Fastest.TimeToTrainS ?? 0)}, {PlanExplanation.Usd(report.Fastest.CostUsd ?? 0)}\n");
            md.Append(CultureInfo.InvariantCulture, $"- cheapest: {cheap.Label} on {cheap.Gpus} GPUs — {PlanExplanation.Days(cheap.TimeToTrainS ?? 0)}, {PlanExplanation.Usd(cheap.CostUsd ?? 0)}\n\n");
        }

        md.Append("## Ranked plans\n\n");
        var table = new MarkdownTable("rank", "analytical rank", "GPUs", "plan", "iteration (s)", "analytical (s)", "MFU", "peak (GiB)",
            "time to train", "cost (USD)");
        foreach (RankedPlan p in report.Plans)
        {
            table.AddRow(p.Rank, p.AnalyticalRank, p.Settings.Gpus, p.Settings.Label, p.Result.IterationTimeS, p.AnalyticalIterationTimeS,
                p.Result.Mfu, p.Result.Memory.PeakGib, p.TimeToTrainS is double t ? PlanExplanation.Days(t) : "",
                p.CostUsd is double c ? PlanExplanation.Usd(c) : "");
        }

        md.Append(table.ToMarkdown()).Append('\n');
        md.Append("## Search\n\n");
        foreach (string line in Footer(report).Where(l => !l.StartsWith("fastest", StringComparison.Ordinal) && !l.StartsWith("cheapest", StringComparison.Ordinal)))
        {
            md.Append("- ").Append(line).Append('\n');
        }

        foreach (string note in report.Notes)
        {
            md.Append("- note: ").Append(note).Append('\n');
        }

        return md.ToString();
    }

    private static string Objective(PlanObjective o) => o switch
    {
        PlanObjective.Cost => "cost",
        PlanObjective.TimeToTrain => "time to train",
        _ => "throughput",
    };

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
