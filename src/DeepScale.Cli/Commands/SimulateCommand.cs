using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Parallelism.Schedules;
using DeepScale.Replay;
using DeepScale.Reporting.Traces;

using Spectre.Console;

namespace DeepScale.Cli.Commands;

/// <summary><c>deepscale simulate SPEC.yaml</c>: one scenario at its fidelity, as a table or as the contract's JSON object.</summary>
public static class SimulateCommand
{
    public const string Help = """
        deepscale simulate SPEC.yaml [--json] [--trace FILE] [--trace-ranks N] [--fidelity analytical|symmetric|full] [--require-fit]

        Simulates one training iteration of the scenario in SPEC.yaml and prints where the time goes.

          --json           print the result object of the result contract on stdout (nothing else on stdout)
          --trace FILE     write a Perfetto/Chrome trace of the replay (open it in ui.perfetto.dev)
          --trace-ranks N  ranks to include in the trace (default 16)
          --fidelity F     override the spec's fidelity
          --require-fit    exit with code 3 when the configuration does not fit in device memory

        Examples:
          deepscale simulate experiments/specs/gpt3-175b-1024-a100.yaml
          deepscale simulate spec.yaml --json --fidelity analytical
          deepscale simulate spec.yaml --trace trace.json
        """;

    public static int Run(CommandLine cl)
    {
        if (cl.Help)
        {
            Console.WriteLine(Help);
            return 0;
        }

        string path = cl.Single("spec file");
        Fidelity? fidelity = cl.Value("--fidelity") is { } f ? ParseFidelity(f) : null;
        string? tracePath = cl.Value("--trace");
        if (tracePath is not null)
        {
            CheckTracePath(tracePath);
        }

        int traceRanks = tracePath is null ? 0 : cl.Int("--trace-ranks", 16, 1, 4096);
        Scenario scenario = ScenarioLoader.LoadFile(path);
        ScenarioRunner.Outcome outcome = ScenarioRunner.Run(scenario, new RunOptions
        {
            Fidelity = fidelity,
            TraceRanks = traceRanks,
            CriticalPath = true,
        });
        RunResult result = outcome.Result;
        if (tracePath is not null)
        {
            if (outcome.Replay is null)
            {
                throw new UsageException("simulate: --trace needs a replay (symmetric or full fidelity), not the analytical one");
            }

            PerfettoTrace.Save(tracePath, outcome.Replay.Spans, TraceOptions.Default with { CriticalPath = outcome.Replay.CriticalPath });
        }

        if (cl.Has("--json"))
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(result, ResultJson.Options));
        }
        else
        {
            Render(result, scenario.Layout.Context > 1);
            if (outcome.Replay is { CriticalPath.IsEmpty: false } replay)
            {
                RenderCriticalPath(replay);
            }
        }

        return cl.Has("--require-fit") && !result.Memory.Fits ? 3 : 0;
    }

    /// <summary>Refuses a trace path that cannot be written before the simulation runs, naming the option.</summary>
    private static void CheckTracePath(string tracePath)
    {
        if (Directory.Exists(tracePath))
        {
            throw new UsageException($"simulate: --trace {tracePath} is a directory; name a file in it (e.g. {Path.Combine(tracePath, "trace.json")})");
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(tracePath)) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"simulate: --trace {tracePath}: the folder {folder} does not exist");
        }
    }

    private static Fidelity ParseFidelity(string text) => text switch
    {
        "analytical" => Fidelity.Analytical,
        "symmetric" => Fidelity.Symmetric,
        "full" => Fidelity.Full,
        _ => throw new UsageException($"simulate: --fidelity must be analytical, symmetric or full, not '{text}'"),
    };

    /// <param name="contextParallel">Whether the tensor-parallel part also holds the context-parallel key/value exchanges.</param>
    private static void Render(RunResult r, bool contextParallel)
    {
        var summary = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{r.Name}: {r.Gpus} GPUs, {r.Fidelity} fidelity"));
        summary.AddColumns("metric", "value");
        summary.Columns[1].RightAligned();
        Row(summary, "iteration time", $"{r.IterationTimeS:F4} s");
        Row(summary, "throughput", r.TokensPerS > 0 ? $"{r.TokensPerS:N0} tokens/s ({r.SamplesPerS:F1} samples/s)" : $"{r.SamplesPerS:F1} samples/s");
        Row(summary, "model TFLOP/s per GPU", $"{r.ModelTflopsPerGpu:F1} (MFU {r.Mfu:P1})");
        Row(summary, "hardware TFLOP/s per GPU", $"{r.HardwareTflopsPerGpu:F1} (HFU {r.Hfu:P1})");
        Row(summary, "memory peak / capacity", $"{r.Memory.PeakGib:F1} / {r.Memory.CapacityGib:F1} GiB {(r.Memory.Fits ? "fits" : "DOES NOT FIT")}");
        if (r.DevicePace < 1)
        {
            Row(summary, "pace of the slowest GPU", $"{r.DevicePace:P1} of the median");
        }
        if (r.Cost.UsdPerHour > 0)
        {
            Row(summary, "cost", $"${r.Cost.UsdPerHour:F2}/h, ${r.Cost.UsdPerIteration:F4}/iteration");
        }

        Row(summary, "simulation wall time", $"{r.SimulationWallS:F3} s");
        AnsiConsole.Write(summary);

        var breakdown = new Table().Border(TableBorder.Rounded).Title("where the iteration time goes");
        breakdown.AddColumns("part", "seconds", "share");
        breakdown.Columns[1].RightAligned();
        breakdown.Columns[2].RightAligned();
        BreakdownResult b = r.BreakdownS;
        foreach ((string name, double seconds) in new[]
        {
            ("forward", b.Forward), ("backward", b.Backward), ("recompute", b.Recompute), ("optimizer", b.Optimizer),
            ("pipeline bubble", b.PipelineBubble), (contextParallel ? "exposed TP + CP comm" : "exposed TP comm", b.ExposedTpComm), ("exposed PP comm", b.ExposedPpComm),
            ("exposed DP comm", b.ExposedDpComm), ("data stall", b.DataStall),
        })
        {
            breakdown.AddRow(name, seconds.ToString("F4", CultureInfo.InvariantCulture), (seconds / r.IterationTimeS).ToString("P1", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(breakdown);
        if (!r.Memory.Fits)
        {
            AnsiConsole.MarkupLine(Markup.Escape("overflowing: " + string.Join(", ", r.Memory.Overflowing)));
        }
    }

    /// <summary>Where the critical path's time goes, how many ranks it runs through, and its longest operations.</summary>
    private static void RenderCriticalPath(ReplayOutput replay)
    {
        ImmutableArray<TraceSpan> path = replay.CriticalPath;
        double total = (path[^1].End - path[0].Start).Seconds;
        var table = new Table().Border(TableBorder.Rounded).Title("critical path");
        table.AddColumns("part", "seconds", "share");
        table.Columns[1].RightAligned();
        table.Columns[2].RightAligned();
        Breakdown onPath = replay.CriticalPathBreakdown;
        foreach (TimeCategory c in Enum.GetValues<TimeCategory>())
        {
            double seconds = onPath[c].Seconds;
            if (seconds > 0)
            {
                table.AddRow(Markup.Escape(PathPart(c)), seconds.ToString("F4", CultureInfo.InvariantCulture),
                    (seconds / total).ToString("P1", CultureInfo.InvariantCulture));
            }
        }

        AnsiConsole.Write(table);
        var byRank = path
            .GroupBy(s => s.Rank)
            .Select(g => (Rank: g.Key, Seconds: g.Sum(s => (s.End - s.Start).Seconds)))
            .OrderByDescending(g => g.Seconds).ThenBy(g => g.Rank)
            .ToArray();
        string where = string.Join(", ", byRank.Take(4).Select(g => $"rank {g.Rank} " + (g.Seconds / total).ToString("P0", CultureInfo.InvariantCulture)))
            + (byRank.Length > 4 ? $" and {byRank.Length - 4} more" : "");
        AnsiConsole.MarkupLine(Markup.Escape($"The chain of operations that sets the last iteration's time: {path.Length:N0} segments on " +
            $"{byRank.Length} rank(s) ({where})."));
    }

    /// <summary>A category as a part of the path: communication on the path is the transfer itself, not an exposure.</summary>
    private static string PathPart(TimeCategory category) => category switch
    {
        TimeCategory.Forward => "forward",
        TimeCategory.Backward => "backward",
        TimeCategory.Recompute => "recompute",
        TimeCategory.Optimizer => "optimizer",
        TimeCategory.PipelineBubble => "waiting",
        TimeCategory.ExposedTpComm => "TP comm",
        TimeCategory.ExposedPpComm => "PP comm",
        TimeCategory.ExposedDpComm => "DP comm",
        TimeCategory.DataStall => "data loading",
        _ => category.ToString(),
    };

    private static void Row(Table table, string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
}
