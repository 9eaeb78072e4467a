using System.Diagnostics;
using System.Globalization;

namespace DeepScale.Benchmarks.Anchors;

/// <summary>
/// Runs the anchors the way the reference numbers were taken: each run in a fresh process (cold JIT included),
/// wall time from building the model to the end of the run, allocation counted on the running thread; the median of
/// three runs per workload is reported as <c>workload,units,wall_s,units_per_s,allocated_bytes_per_unit</c>.
/// </summary>
public static class AnchorRunner
{
    public static readonly string[] Workloads = ["timeouts", "mm1-resource", "ring-allreduce"];

    private const string Header = "workload,units,wall_s,units_per_s,allocated_bytes_per_unit";
    private const string DetailHeader = "workload,run,units,kernel_events,wall_s,units_per_s,allocated_bytes_per_unit,allocated_bytes_per_event,check";

    /// <summary>Runs one workload in this process and prints one detail line (used by the child processes).</summary>
    public static int RunOne(string workload)
    {
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        AnchorOutcome outcome = workload switch
        {
            "timeouts" => AnchorWorkloads.Timeouts(),
            "mm1-resource" => AnchorWorkloads.MM1(),
            "ring-allreduce" => AnchorWorkloads.RingAllReduce(),
            _ => throw new ArgumentException($"Unknown anchor workload '{workload}' (timeouts, mm1-resource, ring-allreduce)."),
        };
        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        double wall = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{outcome.Workload},{outcome.Units},{outcome.KernelEvents},{wall:F4},{outcome.Units / wall:F0},{allocated / (double)outcome.Units:F1},{allocated / (double)outcome.KernelEvents:F1},{outcome.Check}"));
        return 0;
    }

    /// <summary>Runs every workload <paramref name="repetitions"/> times, each in a fresh process, and writes the CSVs.</summary>
    public static int RunAll(string resultsDirectory, int repetitions = 3)
    {
        var summary = new List<string> { Header };
        var detail = new List<string> { DetailHeader };
        foreach (string workload in Workloads)
        {
            var runs = new List<string[]>();
            for (int r = 0; r < repetitions; r++)
            {
                string line = RunChild(workload);
                string[] f = line.Split(',', 8);
                runs.Add(f);
                detail.Add($"{f[0]},{r + 1},{string.Join(',', f[1..])}");
                Console.Error.WriteLine($"  {workload} run {r + 1}: {line}");
            }

            string[] median = runs.OrderBy(f => double.Parse(f[3], CultureInfo.InvariantCulture)).ElementAt(runs.Count / 2);
            summary.Add($"{median[0]},{median[1]},{median[3]},{median[4]},{median[5]}");
        }

        foreach (string line in summary)
        {
            Console.WriteLine(line);
        }

        Directory.CreateDirectory(resultsDirectory);
        WriteAtomically(Path.Combine(resultsDirectory, "des-anchors.csv"), summary);
        WriteAtomically(Path.Combine(resultsDirectory, "des-anchors-runs.csv"), detail);
        return 0;
    }

    private static string RunChild(string workload)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find the benchmark executable.");
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(AnchorRunner).Assembly.Location);
        }

        start.ArgumentList.Add("anchor");
        start.ArgumentList.Add(workload);
        using Process child = Process.Start(start) ?? throw new InvalidOperationException("Cannot start a benchmark process.");
        string output = child.StandardOutput.ReadToEnd().Trim();
        child.WaitForExit();
        if (child.ExitCode != 0 || output.Length == 0)
        {
            throw new InvalidOperationException($"The {workload} anchor run failed with exit code {child.ExitCode}.");
        }

        return output.Split('\n')[^1];
    }

    private static void WriteAtomically(string path, IEnumerable<string> lines)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, string.Join('\n', lines) + "\n");
        File.Move(temporary, path, overwrite: true);
    }
}
