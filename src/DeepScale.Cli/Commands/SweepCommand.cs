using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

using DeepScale.Experiments.Reports;
using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;
using DeepScale.Experiments.Sweeps;
using DeepScale.Hardware.Catalog;
using DeepScale.Replay;
using DeepScale.Reporting.Csv;
using DeepScale.Reporting.Files;

using Spectre.Console;

namespace DeepScale.Cli.Commands;

/// <summary>
/// <c>deepscale sweep EXPERIMENT.yaml --out DIR</c>: expands an experiment (stopping with one line and exit code 2
/// if any field, axis or limit is wrong), runs its points in parallel, checkpoints points.csv atomically, resumes
/// from an earlier points.csv of the same build, stops cleanly on Ctrl-C, and writes manifest.json, the charts and
/// summary.md. A file with a <c>collective:</c> key is a collective sweep instead.
/// </summary>
public static class SweepCommand
{
    public const string Help = """
        deepscale sweep EXPERIMENT.yaml [--out DIR] [--jobs N] [--quick] [--json] [--fresh] [--stop-after N]

        Runs every point of an experiment (a base spec and sweep axes) and writes into DIR (default results/NAME):
          points.csv     one row per finished point: the axis values first, then the result (units in the headers)
          manifest.json  experiment and spec hashes, seeds, versions, git commit, counts, skipped and failed points
          *.png          the charts the axes call for (scaling, breakdown, memory, cost, predicted vs published)
          summary.md     what was asked, the key findings, a table of the points, the charts

        Nothing runs if the experiment has an unknown field, an empty axis or too many points (exit code 2).
        A rerun reuses the finished points of DIR/points.csv when the build and each point's axis values and spec
        hash match, and simulates the rest; points.csv is rewritten atomically every few points, so an interrupted
        sweep never leaves half a file. Ctrl-C stops after the running points and keeps every finished one.

          --out DIR        results folder (default results/NAME)
          --jobs N         points simulated at once (default: one per core)
          --quick          the experiment's quick form (quick: in the file): fewer points
          --json           print [{"assignments": {...}, "result": {...}}, ...] on stdout (progress stays on stderr)
          --fresh          ignore an existing points.csv and simulate every point
          --stop-after N   stop after N newly simulated points, leaving the folder as Ctrl-C would but with
                           exit code 0 (rerun to continue)

        Exit codes: 0 done, 1 some points failed, 2 bad experiment, 130 stopped by Ctrl-C.

        Examples:
          deepscale sweep experiments/hardware-upgrade/experiment.yaml --out results/hardware-upgrade
          deepscale sweep experiments/medical-imaging/experiment.yaml --quick --jobs 2
          deepscale sweep experiments/collectives/experiment.yaml --json > busbw.json
        """;

    private const string PointsFile = "points.csv";
    private const string ManifestFile = "manifest.json";

    public static int Run(CommandLine cl)
    {
        ArgumentNullException.ThrowIfNull(cl);
        if (cl.Help)
        {
            Console.WriteLine(Help);
            return 0;
        }

        string path = cl.Single("experiment file");
        if (cl.Value("--out") is { } outOption)
        {
            OutputFolder.Check("sweep", "--out", outOption);
        }

        ExperimentVariant variant = cl.Has("--quick") ? ExperimentVariant.Quick : ExperimentVariant.Full;
        int jobs = cl.Int("--jobs", Environment.ProcessorCount, 1, 1024);
        int? stopAfter = cl.Value("--stop-after") is null ? null : cl.Int("--stop-after", 1, 1, int.MaxValue);
        SpecDocument document = SpecDocument.ReadFile(path);
        return CollectiveExperimentLoader.IsCollectiveExperiment(document)
            ? RunCollective(cl, path, variant)
            : RunTraining(cl, path, variant, jobs, stopAfter);
    }

    private static int RunTraining(CommandLine cl, string path, ExperimentVariant variant, int jobs, int? stopAfter)
    {
        Experiment experiment = ExperimentLoader.LoadFile(path, variant);
        string outDir = cl.Value("--out") ?? ResultsFolder.For(experiment.Name);
        SweepExpansion expansion = SweepExpander.Expand(experiment);
        expansion.ThrowIfInvalid();
        Directory.CreateDirectory(outDir);
        StaleTemporaryFiles.Remove(outDir);
        string started = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();

        IReadOnlyDictionary<SweepPointKey, RunResult> previous = cl.Has("--fresh")
            ? new Dictionary<SweepPointKey, RunResult>()
            : Previous(outDir, experiment.Name);
        string? referenceCopy = null;
        if (experiment.Report.Reference is { } reference)
        {
            referenceCopy = "reference.csv";
            AtomicFile.WriteAllBytes(Path.Combine(outDir, referenceCopy), File.ReadAllBytes(reference.FullPath));
        }

        SweepManifest Manifest(SweepRun? run, string status) => TrainingManifest(path, outDir, experiment, expansion, run, status, referenceCopy, started, clock.Elapsed.TotalSeconds, jobs);
        AtomicFile.WriteAllText(Path.Combine(outDir, ManifestFile), Manifest(null, "running").ToJson());

        using var cancel = new CancellationTokenSource();
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                cancel.Cancel();
                Console.Error.WriteLine("deepscale: stopping after the running points (Ctrl-C again to abort)");
            }
        }

        string[] axisColumns = [.. experiment.Axes.Select(a => SweepReport.Column(a.Field))];
        var options = new SweepRunOptions
        {
            Jobs = jobs,
            Previous = previous,
            StopAfter = stopAfter,
            Checkpoint = results => PointsCsv.Write(Path.Combine(outDir, PointsFile), Table(axisColumns, results)),
        };
        Console.CancelKeyPress += OnCancel;
        SweepRun run;
        try
        {
            run = WithProgress(expansion, options, cancel.Token, experiment.Name);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }

        IReadOnlyList<TraceSpan>? timeline = experiment.Report.Timeline && run.Results.Length > 0 ? Timeline(run) : null;
        string status = run.Stopped ? "interrupted" : run.Failures.IsEmpty ? "complete" : "failed";
        SweepManifest manifest = Manifest(run, status);
        AtomicFile.WriteAllText(Path.Combine(outDir, ManifestFile), manifest.ToJson());
        IReadOnlyList<string> charts = SweepReport.Write(outDir, manifest, Table(axisColumns, run.Results), timeline);
        foreach (SweepPointFailure f in run.Failures)
        {
            Console.Error.WriteLine($"deepscale: point {f.Point.Index.ToString(CultureInfo.InvariantCulture)} ({f.Point.Label}) failed: {f.Message}");
        }

        if (cl.Has("--json"))
        {
            Console.Out.WriteLine(Json(run).ToJsonString(ResultJson.Options));
        }
        else
        {
            Console.WriteLine($"{experiment.Name}: {expansion.Points.Length} points ({run.Simulated} simulated, {run.Reused} reused, {run.Skipped.Length} skipped, {run.Failures.Length} failed) in {clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
            Console.WriteLine($"wrote {outDir}: {PointsFile}, {ManifestFile}, {SweepReport.Summary} and {charts.Count} charts");
        }

        if (run.Stopped)
        {
            Console.Error.WriteLine($"deepscale: {experiment.Name} stopped with {expansion.Valid.Count() - run.Results.Length - run.Failures.Length} points left; rerun the same command to finish");
            return cancel.IsCancellationRequested ? 130 : 0;
        }

        return run.Failures.IsEmpty ? 0 : 1;
    }

    /// <summary>The finished points of an earlier run in <paramref name="outDir"/> that this build may reuse.</summary>
    private static IReadOnlyDictionary<SweepPointKey, RunResult> Previous(string outDir, string name)
    {
        var previous = new Dictionary<SweepPointKey, RunResult>();
        string csv = Path.Combine(outDir, PointsFile);
        string manifestPath = Path.Combine(outDir, ManifestFile);
        if (!File.Exists(csv))
        {
            return previous;
        }

        try
        {
            SweepManifest old = SweepManifest.Parse(File.ReadAllText(manifestPath), manifestPath);
            if (old.BuildFingerprint != BuildFingerprint.Current || old.Experiment != name)
            {
                Console.Error.WriteLine($"deepscale: {csv} was written by {(old.Experiment != name ? "experiment " + old.Experiment : "another build of DeepScale")}; simulating every point again");
                return previous;
            }

            foreach (PointRecord p in PointsCsv.Read(csv).Points)
            {
                SweepPointKey key = SweepPointKey.From(p.Axes.Select(a => (SweepReport.Field(a.Name), a.Value)), p.Row.SpecSha256, p.Row.DeepscaleVersion, p.Row.CatalogVersion);
                previous[key] = p.Row.ToResult();
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"deepscale: not resuming from {csv}: {ex.Message.ReplaceLineEndings(" ")}");
            previous.Clear();
        }

        return previous;
    }

    private static PointsTable Table(string[] axisColumns, IReadOnlyList<SweepPointResult> results) =>
        new(axisColumns, [.. results.Select(r => new PointRecord(
            [.. r.Point.Assignments.Select((a, i) => new AxisValue(axisColumns[i], a.ValueText))],
            PointRow.FromResult(r.Result)))]);

    private static SweepRun WithProgress(SweepExpansion expansion, SweepRunOptions options, CancellationToken cancellation, string name)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        int total = expansion.Valid.Count();
        if (!Console.IsErrorRedirected && console.Profile.Capabilities.Interactive)
        {
            SweepRun? result = null;
            console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    ProgressTask task = ctx.AddTask(Markup.Escape(name), maxValue: Math.Max(1, total));
                    result = SweepRunner.Run(expansion, options with { Progress = p => task.Value = p.Finished }, cancellation);
                    task.Value = task.MaxValue;
                });
            return result!;
        }

        int every = Math.Max(1, total / 20);
        var clock = Stopwatch.StartNew();
        return SweepRunner.Run(expansion, options with
        {
            Progress = p =>
            {
                if (p.Last is null)
                {
                    Console.Error.WriteLine(p.Reused > 0 ? $"{name}: reusing {p.Reused} of {p.Total} points from the earlier run" : $"{name}: {p.Total} points to simulate");
                }
                else if (p.Finished % every == 0 || p.Finished == p.Total)
                {
                    Console.Error.WriteLine($"{name}: {p.Finished}/{p.Total} points, {clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s (last: {p.Last.Label})");
                }
            },
        }, cancellation);
    }

    /// <summary>The spans of one iteration of the best finished point, simulated again with a trace (null when the
    /// point's fidelity has no replay).</summary>
    private static IReadOnlyList<TraceSpan>? Timeline(SweepRun run)
    {
        var points = run.Results.Select((r, i) => new ReportPoint(i, [], r.Result)).ToList();
        Scenario scenario = run.Results[ChartPlanner.Best(points)!.Value].Point.Scenario!;
        ScenarioRunner.Outcome outcome = ScenarioRunner.Run(scenario, new RunOptions { TraceRanks = 16 });
        return outcome.Replay?.Spans;
    }

    private static SweepManifest TrainingManifest(string path, string outDir, Experiment experiment, SweepExpansion expansion, SweepRun? run, string status,
        string? referenceCopy, string started, double wall, int jobs)
    {
        Scenario[] scenarios = [.. expansion.Valid.Select(p => p.Scenario!)];
        return new SweepManifest
        {
            Kind = SweepManifest.TrainingKind,
            Experiment = experiment.Name,
            Description = experiment.Description,
            ExperimentFile = Slashes(path),
            ResultsDirectory = Slashes(outDir),
            ExperimentSha256 = FileSha256(path),
            BaseSpecSha256 = experiment.Base.Sha256(),
            Variant = experiment.Variant == ExperimentVariant.Quick ? "quick" : "full",
            Mode = experiment.Mode == SweepMode.Zip ? "zip" : "product",
            Axes = [.. experiment.Axes.Select(a => new ManifestAxis { Field = a.Field, Group = a.Group, Values = [.. a.Values.Select(v => new SweepAssignment(a.Field, v).ValueText)] })],
            Report = ManifestReport.From(experiment.Report, scenarios.Select(s => s.Data?.Samples).FirstOrDefault(n => n is not null), referenceCopy),
            Seeds = [.. scenarios.Select(s => s.Seed).Distinct().Order()],
            Fidelities = [.. scenarios.Select(s => s.Fidelity.ToString().ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal)],
            DeepscaleVersion = Version,
            CatalogVersion = HardwareCatalog.Default.Version,
            BuildFingerprint = BuildFingerprint.Current,
            GitCommit = GitCommit.Find(Path.GetDirectoryName(Path.GetFullPath(path)) ?? "."),
            Status = status,
            Counts = new ManifestCounts
            {
                Total = expansion.Points.Length,
                Valid = scenarios.Length,
                Finished = run?.Results.Length ?? 0,
                Simulated = run?.Simulated ?? 0,
                Reused = run?.Reused ?? 0,
                Skipped = run?.Skipped.Length ?? expansion.Skipped.Count(),
                Failed = run?.Failures.Length ?? 0,
            },
            Skipped = [.. (run?.Skipped ?? [.. expansion.Skipped]).Select(p => new ManifestNote { Point = p.Label, Reason = p.Error is { } e ? $"{e.Field}: {e.Constraint}" : "skipped" })],
            Failed = [.. (run?.Failures ?? []).Select(f => new ManifestNote { Point = f.Point.Label, Reason = f.Message })],
            StartedUtc = started,
            WallS = Math.Round(wall, 3),
            Jobs = jobs,
            Host = SweepManifest.DescribeHost(),
        };
    }

    private static JsonArray Json(SweepRun run)
    {
        var array = new JsonArray();
        foreach (SweepPointResult r in run.Results)
        {
            var assignments = new JsonObject();
            foreach (SweepAssignment a in r.Point.Assignments)
            {
                assignments[a.Field] = a.Value is SpecScalar { IsPlainNumber: true } s && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
                    ? JsonValue.Create(number)
                    : a.Value is SpecScalar { IsPlainBoolean: true } b ? JsonValue.Create(b.Value!.Equals("true", StringComparison.OrdinalIgnoreCase)) : JsonValue.Create(a.ValueText);
            }

            array.Add(new JsonObject { ["assignments"] = assignments, ["result"] = JsonSerializer.SerializeToNode(r.Result, ResultJson.Options) });
        }

        return array;
    }

    private static int RunCollective(CommandLine cl, string path, ExperimentVariant variant)
    {
        CollectiveExperiment experiment = CollectiveExperimentLoader.LoadFile(path, variant);
        string outDir = cl.Value("--out") ?? ResultsFolder.For(experiment.Name);
        Directory.CreateDirectory(outDir);
        StaleTemporaryFiles.Remove(outDir);
        string started = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        Console.Error.WriteLine($"{experiment.Name}: {experiment.PointCount} collectives to predict");
        CollectiveSweepRun run = CollectiveSweepRunner.Run(experiment);
        var overlays = new List<CollectiveOverlay>();
        foreach (CollectiveOverlay o in experiment.Overlays)
        {
            string copy = Path.GetFileName(o.File);
            AtomicFile.WriteAllBytes(Path.Combine(outDir, copy), File.ReadAllBytes(Path.Combine(experiment.Folder, o.File)));
            overlays.Add(o with { File = copy });
        }

        DeepScale.Reporting.Csv.CsvTable.Write(Path.Combine(outDir, PointsFile), run.Rows);
        var manifest = new SweepManifest
        {
            Kind = SweepManifest.CollectiveKind,
            Experiment = experiment.Name,
            Description = experiment.Description,
            ExperimentFile = Slashes(path),
            ResultsDirectory = Slashes(outDir),
            ExperimentSha256 = FileSha256(path),
            Variant = variant == ExperimentVariant.Quick ? "quick" : "full",
            Mode = "product",
            Axes =
            [
                new ManifestAxis { Field = "system", Values = experiment.Systems },
                new ManifestAxis { Field = "gpus", Values = [.. experiment.Gpus.Select(g => g.ToString(CultureInfo.InvariantCulture))] },
                new ManifestAxis { Field = "op", Values = [.. experiment.Ops.Select(CollectiveNames.Of)] },
                new ManifestAxis { Field = "algorithm", Values = [.. experiment.Algorithms.Select(CollectiveNames.Of)] },
                new ManifestAxis { Field = "protocol", Values = [.. experiment.Protocols.Select(CollectiveNames.Of)] },
                new ManifestAxis { Field = "bytes", Values = [.. experiment.Sizes.Select(s => s.ToString())] },
            ],
            Overlays = overlays,
            Fidelities = ["analytical"],
            DeepscaleVersion = Version,
            CatalogVersion = HardwareCatalog.Default.Version,
            BuildFingerprint = BuildFingerprint.Current,
            GitCommit = GitCommit.Find(Path.GetDirectoryName(Path.GetFullPath(path)) ?? "."),
            Status = "complete",
            Counts = new ManifestCounts
            {
                Total = experiment.PointCount,
                Valid = experiment.PointCount,
                Finished = run.Rows.Length,
                Simulated = run.Rows.Length,
                Reused = 0,
                Skipped = run.Skipped.Length,
                Failed = 0,
            },
            Skipped = [.. run.Skipped.Select(s => new ManifestNote { Point = s.Point, Reason = s.Reason })],
            StartedUtc = started,
            WallS = Math.Round(clock.Elapsed.TotalSeconds, 3),
            Jobs = 1,
            Host = SweepManifest.DescribeHost(),
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, ManifestFile), manifest.ToJson());
        IReadOnlyList<string> charts = CollectiveReport.Write(outDir, manifest, run.Rows);
        if (cl.Has("--json"))
        {
            var snake = new JsonSerializerOptions(ResultJson.Options) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
            Console.Out.WriteLine(JsonSerializer.Serialize(run.Rows, snake));
        }
        else
        {
            Console.WriteLine($"{experiment.Name}: {run.Rows.Length} collectives predicted, {run.Skipped.Length} skipped");
            Console.WriteLine($"wrote {outDir}: {PointsFile}, {ManifestFile}, {SweepReport.Summary} and {charts.Count} charts");
        }

        return 0;
    }

    private static string Version { get; } =
        typeof(ScenarioRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static string FileSha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static string Slashes(string path) => path.Replace('\\', '/');
}
