using DeepScale.Experiments.Reports;
using DeepScale.Experiments.Sweeps;
using DeepScale.Reporting.Csv;

namespace DeepScale.Cli.Commands;

/// <summary><c>deepscale report RESULTS_DIR</c>: the charts and summary.md of a sweep again, from its points.csv and
/// manifest.json, without simulating.</summary>
public static class ReportCommand
{
    public const string Help = """
        deepscale report RESULTS_DIR

        Regenerates the charts and summary.md of a finished (or interrupted) sweep from RESULTS_DIR/points.csv and
        RESULTS_DIR/manifest.json, without simulating anything. A timeline.png drawn by the sweep is kept as it is.

        Examples:
          deepscale report results/hardware-upgrade
          deepscale report results/collectives
        """;

    public static int Run(CommandLine cl)
    {
        ArgumentNullException.ThrowIfNull(cl);
        if (cl.Help)
        {
            Console.WriteLine(Help);
            return 0;
        }

        string dir = cl.Single("results folder");
        if (File.Exists(dir))
        {
            throw new UsageException($"report: {dir} is a file, not a results folder; give the folder a sweep wrote (its --out)");
        }

        string manifestPath = Path.Combine(dir, "manifest.json");
        string points = Path.Combine(dir, "points.csv");
        if (!File.Exists(manifestPath) || !File.Exists(points))
        {
            throw new UsageException($"report: {dir} has no {(File.Exists(manifestPath) ? "points.csv" : "manifest.json")}; run 'deepscale sweep EXPERIMENT.yaml --out {dir}' first");
        }

        try
        {
            SweepManifest manifest = SweepManifest.Parse(File.ReadAllText(manifestPath), manifestPath);
            IReadOnlyList<string> charts = manifest.Kind == SweepManifest.CollectiveKind
                ? CollectiveReport.Write(dir, manifest, CsvTable.Read<CollectivePointRow>(points))
                : SweepReport.Write(dir, manifest, PointsCsv.Read(points));
            Console.WriteLine($"wrote {dir}: {SweepReport.Summary} and {charts.Count} charts");
            return 0;
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException($"report: {ex.Message.ReplaceLineEndings(" ")}");
        }
        catch (ArgumentOutOfRangeException ex)
        {
            // A value of the file that no chart can draw (a negative time, say): the file was edited or corrupted.
            throw new UsageException($"report: {points}: {ex.Message.ReplaceLineEndings(" ")}");
        }
    }
}
