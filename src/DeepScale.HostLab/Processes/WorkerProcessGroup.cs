using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

using DeepScale.Core.Units;

namespace DeepScale.HostLab.Processes;

/// <summary>
/// A set of worker processes started from one <see cref="WorkerCommand"/>, watched together: the group
/// succeeds when every worker exits with code 0, and fails as soon as one worker fails (the others get a short
/// grace period to fail on their own, then are killed) or the deadline passes. Each worker's standard output
/// and error are drained continuously and their last lines kept for the failure message.
/// </summary>
/// <remarks>Lifecycle: <see cref="Start"/>, <see cref="WaitForExit"/>, <see cref="Dispose"/> (kills whatever
/// still runs, so no worker outlives its group).</remarks>
public sealed class WorkerProcessGroup : IDisposable
{
    /// <summary>How long the other workers may take to notice a failed worker (its sockets close at once, so they
    /// normally fail within milliseconds) before they are killed.</summary>
    public static readonly Duration FailureGrace = Duration.FromSeconds(2);

    private const int TailLines = 12;

    private readonly string _role;
    private readonly List<Process> _processes = [];
    private readonly List<Queue<string>> _tails = [];

    private WorkerProcessGroup(string role) => _role = role;

    /// <summary>The number of workers.</summary>
    public int Count => _processes.Count;

    /// <summary>
    /// Starts <paramref name="count"/> workers; worker i runs the command followed by
    /// <paramref name="argumentsFor"/>(i). When one cannot start, those already started are killed.
    /// </summary>
    public static WorkerProcessGroup Start(
        WorkerCommand command, int count, Func<int, IEnumerable<string>> argumentsFor, string role = "worker")
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(argumentsFor);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var group = new WorkerProcessGroup(role);
        try
        {
            for (int rank = 0; rank < count; rank++)
            {
                group.StartOne(command, rank, argumentsFor(rank));
            }

            return group;
        }
        catch
        {
            group.Dispose();
            throw;
        }
    }

    private void StartOne(WorkerCommand command, int rank, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(command.Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (string argument in command.Arguments.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        var tail = new Queue<string>();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Keep(tail, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(tail, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new WorkerFailureException($"{_role} {rank}: could not start '{command}': {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        _tails.Add(tail);
    }

    private static void Keep(Queue<string> tail, string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (tail)
        {
            tail.Enqueue(line.Trim());
            while (tail.Count > TailLines)
            {
                tail.Dequeue();
            }
        }
    }

    /// <summary>
    /// Waits until every worker has exited with code 0, or throws <see cref="WorkerFailureException"/> naming
    /// each worker that failed, was stopped after another failed, or was still running at the deadline.
    /// </summary>
    public void WaitForExit(Duration timeout)
    {
        long start = Stopwatch.GetTimestamp();
        long deadline = start + Ticks(timeout);
        long? graceEnd = null;
        int n = _processes.Count;
        var stopped = new string?[n];
        while (true)
        {
            int running = 0;
            for (int i = 0; i < n; i++)
            {
                Process p = _processes[i];
                if (stopped[i] is not null || !p.HasExited)
                {
                    running += stopped[i] is null ? 1 : 0;
                    continue;
                }

                if (p.ExitCode != 0 && graceEnd is null)
                {
                    graceEnd = Stopwatch.GetTimestamp() + Ticks(FailureGrace);
                }
            }

            if (running == 0)
            {
                break;
            }

            long now = Stopwatch.GetTimestamp();
            if (graceEnd is long g && now >= g)
            {
                StopRunning(stopped, "was stopped after another worker failed");
                break;
            }

            if (now >= deadline)
            {
                StopRunning(stopped, $"was still running after the {timeout} deadline and was stopped");
                break;
            }

            _processes.FirstOrDefault(p => !p.HasExited)?.WaitForExit(50);
        }

        foreach (Process p in _processes)
        {
            p.WaitForExit();
        }

        var failures = new List<string>();
        for (int i = 0; i < n; i++)
        {
            Process p = _processes[i];
            string? reason = stopped[i] ?? (p.ExitCode != 0 ? $"exited with code {p.ExitCode}" : null);
            if (reason is null)
            {
                continue;
            }

            string tail;
            lock (_tails[i])
            {
                tail = string.Join(" | ", _tails[i]);
            }

            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{_role} {i} (pid {p.Id}) {reason}") +
                (tail.Length > 0 ? ": " + tail : ""));
        }

        if (failures.Count > 0)
        {
            var message = new StringBuilder();
            message.Append(CultureInfo.InvariantCulture, $"{failures.Count} of {n} {_role} processes failed: ");
            message.AppendJoin("; ", failures);
            throw new WorkerFailureException(message.ToString());
        }
    }

    private void StopRunning(string?[] stopped, string reason)
    {
        for (int i = 0; i < _processes.Count; i++)
        {
            if (!_processes[i].HasExited)
            {
                stopped[i] = reason;
                Kill(_processes[i]);
            }
        }
    }

    private static void Kill(Process p)
    {
        try
        {
            p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        catch (Win32Exception)
        {
            // It is exiting and can no longer be signalled.
        }
    }

    private static long Ticks(Duration d) => (long)Math.Ceiling(d.Seconds * Stopwatch.Frequency);

    public void Dispose()
    {
        foreach (Process p in _processes)
        {
            if (!p.HasExited)
            {
                Kill(p);
                p.WaitForExit(5000);
            }

            p.Dispose();
        }

        _processes.Clear();
    }
}
