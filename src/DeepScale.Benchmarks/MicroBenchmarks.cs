using System.Globalization;

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

using DeepScale.Benchmarks.Kernel;

namespace DeepScale.Benchmarks;

/// <summary>
/// Runs the BenchmarkDotNet micro-benchmarks. <c>--job dry</c> is an in-process single invocation per case (the CI
/// smoke run: it proves every benchmark runs, its numbers mean nothing); <c>short</c> and <c>default</c> measure.
/// </summary>
public static class MicroBenchmarks
{
    /// <summary>The kernel benchmark classes.</summary>
    public static readonly Type[] KernelTypes =
    [
        typeof(EventQueueBenchmarks),
        typeof(TimeoutBenchmarks),
        typeof(ResourceBenchmarks),
        typeof(FairShareBenchmarks),
        typeof(TopologyBenchmarks),
        typeof(CollectiveScaleBenchmarks),
        typeof(CollectiveReplayBenchmarks),
        typeof(ReplayBenchmarks),
        typeof(Planning.PlannerBenchmarks),
    ];

    public static int Run(string[] args, IReadOnlyList<Type>? types = null, string? artifacts = null)
    {
        string job = "short";
        var passThrough = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--job" && i + 1 < args.Length)
            {
                job = args[++i];
            }
            else
            {
                passThrough.Add(args[i]);
            }
        }

        Job selected = job switch
        {
            "dry" => Job.Dry.WithToolchain(InProcessEmitToolchain.Instance),
            "short" => Job.ShortRun,
            "default" => Job.Default,
            _ => throw new ArgumentException($"Unknown job '{job}' (dry, short, default)."),
        };
        var style = new SummaryStyle(CultureInfo.InvariantCulture, printUnitsInHeader: true,
            Perfolizer.Metrology.SizeUnit.B, Perfolizer.Horology.TimeUnit.Nanosecond, printUnitsInContent: false);
        IConfig config = ManualConfig.CreateMinimumViable()
            .AddJob(selected)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(artifacts ?? Path.Combine(RepositoryPaths.Root(), "BenchmarkDotNet.Artifacts", job))
            .AddExporter(new CsvExporter(CsvSeparator.Comma, style))
            .AddExporter(JsonExporter.Full)
            .AddExporter(MarkdownExporter.GitHub);
        if (passThrough.Count == 0)
        {
            passThrough.AddRange(["--filter", "*"]);
        }

        IEnumerable<Summary> summaries = BenchmarkSwitcher.FromTypes([.. types ?? KernelTypes]).Run([.. passThrough], config);
        bool ok = summaries.All(s => !s.HasCriticalValidationErrors && s.Reports.All(r => r.Success));
        return ok ? 0 : 1;
    }
}
