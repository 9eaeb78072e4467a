using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

using DeepScale.Cli.Tests.Invocation;
using DeepScale.Reporting.Csv;

namespace DeepScale.Cli.Tests.Resume;

/// <summary>
/// Crash safety of <c>deepscale sweep</c> as a real process: killed with SIGKILL part-way, it leaves a complete,
/// parseable points.csv (no partial row) and nothing but results and hidden temporary files; rerun, it reuses the
/// finished points, simulates the rest, removes the temporary files a kill left, and ends with a points.csv
/// byte-identical to an uninterrupted run's. <c>--stop-after</c> twice and a rerun reach the same file.
/// </summary>
[TestClass]
public sealed partial class SweepResumeTests
{
    private static readonly Lazy<byte[]> s_uninterrupted = new(RunUninterrupted);

    [TestMethod]
    public void Sweep_KilledPartWayThenRerun_ResumesToTheUninterruptedCsv()
    {
        using var work = new ScratchFolder("kill");
        ResumeExperiment.WriteInto(work.Path);
        string csv = work["results/run/points.csv"];

        int rowsAtKill = KillOnceCheckpointed(work, csv);

        AssertCompleteCsv(csv, rowsAtKill);
        AssertOnlyResultsAndHiddenTemporaries(work["results/run"]);
        CliOutcome rerun = CliRunner.RealProcess(work.Path, ResumeExperiment.Arguments());
        Assert.AreEqual(0, rerun.ExitCode, rerun.ToString());
        Assert.AreEqual(rowsAtKill, Reused(rerun), "every finished point is reused: " + rerun);
        Assert.Contains($"{ResumeExperiment.Points - rowsAtKill} simulated, {rowsAtKill} reused", rerun.StandardOutput);
        Assert.IsEmpty(Directory.EnumerateFiles(work["results/run"], ".*.tmp").ToList(), "the rerun removes what the kill left");
        CollectionAssert.AreEqual(s_uninterrupted.Value, File.ReadAllBytes(csv), "the resumed points.csv equals the uninterrupted one");
    }

    [TestMethod]
    public void Sweep_StopAfterTwiceThenRerun_GivesTheUninterruptedCsv()
    {
        using var work = new ScratchFolder("stop");
        ResumeExperiment.WriteInto(work.Path);
        string csv = work["results/run/points.csv"];

        CliOutcome first = CliRunner.RealProcess(work.Path, ResumeExperiment.Arguments("--stop-after", "5"));
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        Assert.Contains("points left; rerun the same command to finish", first.StandardError);
        AssertCompleteCsv(csv, 5);

        CliOutcome second = CliRunner.RealProcess(work.Path, ResumeExperiment.Arguments("--stop-after", "7"));
        Assert.AreEqual(0, second.ExitCode, second.ToString());
        Assert.AreEqual(5, Reused(second), second.ToString());
        AssertCompleteCsv(csv, 12);

        // A temporary file of a writer that no longer runs, as a kill mid-checkpoint leaves one.
        string stale = work["results/run/.points.csv.2147483646.1.tmp"];
        File.WriteAllText(stale, "cluster.nodes,parallelism.tensor\n4,1\n4,");
        CliOutcome last = CliRunner.RealProcess(work.Path, ResumeExperiment.Arguments());
        Assert.AreEqual(0, last.ExitCode, last.ToString());
        Assert.AreEqual(12, Reused(last), last.ToString());
        Assert.Contains("removed 1 temporary file an interrupted run left in results/run", last.StandardError);
        Assert.IsFalse(File.Exists(stale));
        CollectionAssert.AreEqual(s_uninterrupted.Value, File.ReadAllBytes(csv), "the resumed points.csv equals the uninterrupted one");
    }

    /// <summary>Starts the sweep, waits until points.csv holds at least one row, kills the process with SIGKILL,
    /// and returns the rows the file held at the kill.</summary>
    private static int KillOnceCheckpointed(ScratchFolder work, string csv)
    {
        using Process process = CliRunner.Start(work.Path, ResumeExperiment.Arguments());
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        try
        {
            while (!process.HasExited && DataRows(csv) < 1)
            {
                Assert.IsLessThan(TimeSpan.FromMinutes(2), clock.Elapsed, "points.csv never appeared");
                Thread.Sleep(5);
            }

            Assert.IsFalse(process.HasExited, "the sweep finished before points.csv had a checkpoint; it cannot be killed part-way");
            process.Kill(entireProcessTree: false);
        }
        finally
        {
            process.WaitForExit();
        }

        Assert.AreNotEqual(0, process.ExitCode, "the process was killed, not finished");
        int rows = DataRows(csv);
        Assert.IsGreaterThan(0, rows);
        Assert.IsLessThan(ResumeExperiment.Points, rows, "killed part-way, not after the last point");
        return rows;
    }

    /// <summary>points.csv ends with a newline, every row has the header's field count, and it reads back as points.</summary>
    private static void AssertCompleteCsv(string csv, int expectedRows)
    {
        string text = File.ReadAllText(csv);
        Assert.EndsWith("\n", text, "no partial last row");
        PointsTable table = PointsCsv.Parse(text);
        Assert.HasCount(expectedRows, table.Points);
        Assert.AreEqual(expectedRows + 1, text.Count(c => c == '\n'), "one line per row and the header, no quoted newlines");
    }

    /// <summary>Only result files and hidden <c>.NAME.PID.SEQ.tmp</c> files, which nothing reads as results.</summary>
    private static void AssertOnlyResultsAndHiddenTemporaries(string folder)
    {
        foreach (string file in Directory.EnumerateFiles(folder).Select(f => Path.GetFileName(f)))
        {
            Assert.IsTrue(file is "points.csv" or "manifest.json" || TemporaryName().IsMatch(file), $"unexpected file {file} in {folder}");
        }
    }

    private static int DataRows(string csv)
    {
        try
        {
            return File.Exists(csv) ? Math.Max(0, File.ReadAllLines(csv).Length - 1) : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static int Reused(CliOutcome outcome)
    {
        Match m = ReusedLine().Match(outcome.StandardError);
        Assert.IsTrue(m.Success, "no 'reusing N of M points' line: " + outcome);
        Assert.AreEqual(ResumeExperiment.Points, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static byte[] RunUninterrupted()
    {
        using var work = new ScratchFolder("whole");
        ResumeExperiment.WriteInto(work.Path);
        CliOutcome run = CliRunner.RealProcess(work.Path, ResumeExperiment.Arguments());
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.Contains($"{ResumeExperiment.Points} simulated, 0 reused", run.StandardOutput);
        return File.ReadAllBytes(work["results/run/points.csv"]);
    }

    [GeneratedRegex(@"reusing (\d+) of (\d+) points")]
    private static partial Regex ReusedLine();

    [GeneratedRegex(@"^\..+\.\d+\.\d+\.tmp$")]
    private static partial Regex TemporaryName();
}
