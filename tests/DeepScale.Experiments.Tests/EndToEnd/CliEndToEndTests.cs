using System.Buffers.Binary;
using System.Text.Json;

namespace DeepScale.Experiments.Tests.EndToEnd;

/// <summary>
/// The CLI as users run it, on the tiny golden case: points.csv against its pinned reference, two runs byte-identical,
/// an interrupted sweep resumed to the same file, machine output apart from human output, bad input stopped before
/// anything runs, and the report regenerated without simulating. Set DEEPSCALE_UPDATE_GOLDEN=1 to rewrite the
/// reference (see Cases/README.md).
/// </summary>
[TestClass]
[TestCategory("Slow")]
[DoNotParallelize]
public sealed class CliEndToEndTests
{
    private const string Case = "tiny-analytical";

    private static string Experiment => Path.Combine(Repository.Cases, Case, "experiment.yaml");

    private static string Reference => Path.Combine(Repository.Cases, Case, "refs", "points.csv");

    private static string NewFolder() => Path.Combine(Path.GetTempPath(), "deepscale-e2e-" + Guid.NewGuid().ToString("N"));

    private static CliRun Sweep(string outDir, params string[] more) =>
        CliRun.Start(Repository.Root, ["sweep", Experiment, "--out", outDir, "--fresh", "--jobs", "2", .. more]);

    private static void Succeeded(CliRun run) => Assert.AreEqual(0, run.ExitCode, run.StandardError);

    [TestMethod]
    public void Sweep_TinyAnalytical_MatchesGoldenPointsCsv()
    {
        string outDir = NewFolder();
        Succeeded(Sweep(outDir));
        string produced = File.ReadAllText(Path.Combine(outDir, "points.csv"));

        if (Environment.GetEnvironmentVariable("DEEPSCALE_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Reference)!);
            File.WriteAllText(Reference, produced);
        }

        Assert.AreEqual(File.ReadAllText(Reference), produced, $"points.csv differs from {Reference}; if the model changed on purpose, see Cases/README.md");
        Directory.Delete(outDir, recursive: true);
    }

    [TestMethod]
    public void Sweep_TwoRuns_ByteIdenticalCsvSummaryAndCharts()
    {
        string outDir = NewFolder();
        Succeeded(Sweep(outDir));
        Dictionary<string, byte[]> first = Outputs(outDir);
        Succeeded(Sweep(outDir));
        Dictionary<string, byte[]> second = Outputs(outDir);

        CollectionAssert.AreEquivalent(first.Keys.ToArray(), second.Keys.ToArray());
        Assert.IsTrue(first.Keys.Any(k => k.EndsWith(".png", StringComparison.Ordinal)));
        foreach ((string file, byte[] bytes) in first)
        {
            CollectionAssert.AreEqual(bytes, second[file], $"{file} differs between two runs");
        }

        Directory.Delete(outDir, recursive: true);
    }

    [TestMethod]
    public void Sweep_StoppedThenRerun_GivesTheUninterruptedPointsCsv()
    {
        string whole = NewFolder();
        string resumed = NewFolder();
        Succeeded(Sweep(whole));

        CliRun stopped = CliRun.Start(Repository.Root, "sweep", Experiment, "--out", resumed, "--jobs", "1", "--stop-after", "2");
        Succeeded(stopped);
        Assert.Contains("points left; rerun the same command to finish", stopped.StandardError);
        Assert.AreEqual(3, File.ReadAllLines(Path.Combine(resumed, "points.csv")).Length, "a header and the two finished points");
        Assert.Contains("\"status\": \"interrupted\"", File.ReadAllText(Path.Combine(resumed, "manifest.json")));

        CliRun rerun = CliRun.Start(Repository.Root, "sweep", Experiment, "--out", resumed, "--jobs", "2");
        Succeeded(rerun);
        Assert.Contains("reusing 2 of 6 points", rerun.StandardError);
        Assert.AreEqual(File.ReadAllText(Path.Combine(whole, "points.csv")), File.ReadAllText(Path.Combine(resumed, "points.csv")));
        Directory.Delete(whole, recursive: true);
        Directory.Delete(resumed, recursive: true);
    }

    [TestMethod]
    public void Sweep_Json_PrintsOnlyTheArrayOnStdout()
    {
        string outDir = NewFolder();
        CliRun run = Sweep(outDir, "--json");
        Succeeded(run);

        using JsonDocument json = JsonDocument.Parse(run.StandardOutput);
        Assert.AreEqual(JsonValueKind.Array, json.RootElement.ValueKind);
        Assert.AreEqual(6, json.RootElement.GetArrayLength());
        JsonElement first = json.RootElement[0];
        Assert.AreEqual(1, first.GetProperty("assignments").GetProperty("cluster.nodes").GetInt32());
        Assert.AreEqual(4, first.GetProperty("result").GetProperty("gpus").GetInt32());
        Assert.Contains("points", run.StandardError, "progress goes to stderr");
        Directory.Delete(outDir, recursive: true);
    }

    [TestMethod]
    public void Sweep_UnknownField_ExitsTwoWithOneLineAndRunsNothing()
    {
        string folder = NewFolder();
        Directory.CreateDirectory(folder);
        string bad = Path.Combine(folder, "bad.yaml");
        File.WriteAllText(bad, File.ReadAllText(Experiment).Replace("parallelism.tensor:", "parallelism.tensr:", StringComparison.Ordinal));
        string outDir = Path.Combine(folder, "out");

        CliRun run = CliRun.Start(folder, "sweep", bad, "--out", outDir);

        Assert.AreEqual(2, run.ExitCode);
        Assert.AreEqual("", run.StandardOutput);
        Assert.HasCount(1, run.StandardError.TrimEnd('\n').Split('\n'));
        Assert.Contains("parallelism.tensr", run.StandardError);
        Assert.IsFalse(Directory.Exists(outDir), "nothing runs, nothing is written");
        Directory.Delete(folder, recursive: true);
    }

    [TestMethod]
    public void Report_WithoutSimulating_RegeneratesTheSameSummaryAndCharts()
    {
        string outDir = NewFolder();
        Succeeded(Sweep(outDir));
        Dictionary<string, byte[]> before = Outputs(outDir);
        foreach (string file in Directory.EnumerateFiles(outDir).Where(f => f.EndsWith(".png", StringComparison.Ordinal) || f.EndsWith("summary.md", StringComparison.Ordinal)))
        {
            File.Delete(file);
        }

        Succeeded(CliRun.Start(Repository.Root, "report", outDir));
        Dictionary<string, byte[]> after = Outputs(outDir);

        CollectionAssert.AreEquivalent(before.Keys.ToArray(), after.Keys.ToArray());
        CollectionAssert.AreEqual(before["summary.md"], after["summary.md"]);
        Directory.Delete(outDir, recursive: true);
    }

    [TestMethod]
    public void Sweep_Charts_ArePngsOfAFixedSize()
    {
        string outDir = NewFolder();
        Succeeded(Sweep(outDir));

        string[] charts = [.. Directory.EnumerateFiles(outDir, "*.png").Order(StringComparer.Ordinal)];
        Assert.IsGreaterThanOrEqualTo(5, charts.Length);
        foreach (string chart in charts)
        {
            byte[] png = File.ReadAllBytes(chart);
            CollectionAssert.AreEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8], $"{chart} is not a PNG");
            (int width, int height) = (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
            Assert.IsTrue((width, height) is (1200, 750) or (1600, 900), $"{Path.GetFileName(chart)} is {width}x{height}");
            Assert.IsGreaterThan(20_000, png.Length, $"{Path.GetFileName(chart)} is too small to hold text and data");
        }

        string summary = File.ReadAllText(Path.Combine(outDir, "summary.md"));
        Assert.Contains("## Key findings", summary);
        Assert.Contains("## Skipped points", summary);
        Assert.Contains("3 points (skipped by `filter: skip-invalid`, not failures)", summary);
        Directory.Delete(outDir, recursive: true);
    }

    [TestMethod]
    public void Simulate_PipelinedSpec_ShowsTheCriticalPathAndTracesIt()
    {
        string spec = Path.Combine(Repository.Experiments, "specs", "gpt3-175b-1024-a100.yaml");
        string dir = NewFolder();
        Directory.CreateDirectory(dir);
        string trace = Path.Combine(dir, "trace.json");

        CliRun human = CliRun.Start(Repository.Root, "simulate", spec, "--trace", trace, "--trace-ranks", "2");
        Succeeded(human);
        string flat = string.Join(' ', human.StandardOutput.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("critical path", flat);
        Assert.Contains("segments on 16 rank(s)", flat);

        CliRun machine = CliRun.Start(Repository.Root, "simulate", spec, "--json");
        Succeeded(machine);
        double iteration = JsonDocument.Parse(machine.StandardOutput).RootElement.GetProperty("iteration_time_s").GetDouble();

        // The trace's critical-path process is one contiguous chain covering the iteration.
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(trace));
        JsonElement[] path = [.. doc.RootElement.GetProperty("traceEvents").EnumerateArray()
            .Where(e => e.GetProperty("pid").GetInt32() == 0 && e.GetProperty("ph").GetString() == "X")];
        Assert.IsNotEmpty(path);
        double covered = path.Sum(e => e.GetProperty("dur").GetDouble()) / 1e6;
        Assert.AreEqual(iteration, covered, iteration * 1e-6);
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>points.csv, summary.md and the charts of a results folder (manifest.json differs between runs by design).</summary>
    private static Dictionary<string, byte[]> Outputs(string dir) =>
        Directory.EnumerateFiles(dir)
            .Where(f => Path.GetFileName(f) is "points.csv" or "summary.md" || f.EndsWith(".png", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
}
