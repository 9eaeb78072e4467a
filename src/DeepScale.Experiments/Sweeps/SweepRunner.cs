using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;

using DeepScale.Experiments.Results;
using DeepScale.Experiments.Running;
using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Sweeps;

/// <summary>
/// Runs the valid points of an expanded sweep through <see cref="ScenarioRunner"/> on several threads and collects
/// the results in sweep order, whatever order they finish in. Points whose key is among the earlier results are
/// reused instead of simulated; finished points are handed to a checkpoint callback every few points or seconds;
/// cancellation stops taking new points and returns once the running ones finish, keeping everything finished.
/// </summary>
/// <remarks>
/// A point that throws while running does not stop the others: it is reported as a failure. A constraint the
/// loader could not check up front (a topology that cannot be built) skips the point when the experiment's filter
/// is <c>skip-invalid</c>, as it would have been skipped at expansion.
/// </remarks>
public static class SweepRunner
{
    /// <summary>The key under which a valid point's result is stored and looked up for reuse.</summary>
    public static SweepPointKey KeyOf(SweepPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        Scenario scenario = point.Scenario ?? throw new ArgumentException($"sweep point {point.Index} ({point.Label}) is not valid", nameof(point));
        return SweepPointKey.From(point.Assignments.Select(a => (a.Field, a.ValueText)), scenario.SpecSha256, ResultBuilder.Version, scenario.Cluster.CatalogVersion);
    }

    /// <summary>Runs the sweep; throws the first invalid point's <see cref="SpecException"/> before running anything.</summary>
    public static SweepRun Run(SweepExpansion expansion, SweepRunOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(expansion);
        options ??= new SweepRunOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Jobs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CheckpointEveryPoints, 1);
        expansion.ThrowIfInvalid();

        SweepPoint[] valid = [.. expansion.Valid];
        var finished = new SweepPointResult?[expansion.Points.Length];
        var failures = new ConcurrentDictionary<int, SweepPointFailure>();
        var skippedWhileRunning = new ConcurrentDictionary<int, SweepPoint>();
        var pending = new List<SweepPoint>();
        int reused = 0;
        foreach (SweepPoint point in valid)
        {
            if (options.Previous.TryGetValue(KeyOf(point), out RunResult? previous))
            {
                finished[point.Index] = new SweepPointResult(point, previous, Reused: true);
                reused++;
            }
            else
            {
                pending.Add(point);
            }
        }

        int done = reused;
        options.Progress?.Invoke(new SweepProgress(done, valid.Length, reused, 0, null));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var completions = new BlockingCollection<(SweepPoint Point, RunResult? Result, Exception? Error)>();
        int next = -1;
        bool stopAfterReached = options.StopAfter is <= 0;
        if (stopAfterReached)
        {
            stop.Cancel();
        }

        void Work()
        {
            while (!stop.IsCancellationRequested)
            {
                int i = Interlocked.Increment(ref next);
                if (i >= pending.Count || i >= options.StopAfter)
                {
                    return;
                }

                SweepPoint point = pending[i];
                try
                {
                    completions.Add((point, ScenarioRunner.Run(point.Scenario!, options.Run).Result, null));
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    completions.Add((point, null, ex));
                }
            }
        }

        Task[] workers = [.. Enumerable.Range(0, Math.Min(options.Jobs, Math.Max(1, pending.Count))).Select(_ => Task.Factory.StartNew(Work, TaskCreationOptions.LongRunning))];
        _ = Task.WhenAll(workers).ContinueWith(_ => completions.CompleteAdding(), TaskScheduler.Default);

        int simulated = 0;
        int sinceCheckpoint = 0;
        var clock = Stopwatch.StartNew();
        foreach ((SweepPoint point, RunResult? result, Exception? error) in completions.GetConsumingEnumerable())
        {
            if (result is not null)
            {
                finished[point.Index] = new SweepPointResult(point, result, Reused: false);
            }
            else if (error is SpecException { Kind: SpecErrorKind.Constraint } spec && expansion.Experiment.Filter == SweepFilter.SkipInvalid)
            {
                skippedWhileRunning[point.Index] = point with { Status = SweepPointStatus.Skipped, Scenario = null, Error = spec };
            }
            else
            {
                failures[point.Index] = new SweepPointFailure(point, OneLine(error!));
            }

            done++;
            simulated++;
            sinceCheckpoint++;
            options.Progress?.Invoke(new SweepProgress(done, valid.Length, reused, failures.Count, point));
            if (options.StopAfter is int limit && simulated >= limit)
            {
                stopAfterReached = true;
                stop.Cancel();
            }

            if (options.Checkpoint is not null && (sinceCheckpoint >= options.CheckpointEveryPoints || clock.Elapsed >= options.CheckpointInterval))
            {
                options.Checkpoint(Ordered(finished));
                sinceCheckpoint = 0;
                clock.Restart();
            }
        }

        Task.WaitAll(workers);
        ImmutableArray<SweepPointResult> results = Ordered(finished);
        options.Checkpoint?.Invoke(results);
        bool stopped = (cancellation.IsCancellationRequested || stopAfterReached) && done < valid.Length;
        ImmutableArray<SweepPoint> skipped = [.. expansion.Skipped.Concat(skippedWhileRunning.Values).OrderBy(p => p.Index)];
        return new SweepRun(expansion, results, [.. failures.Values.OrderBy(f => f.Point.Index)], skipped, stopped);
    }

    private static ImmutableArray<SweepPointResult> Ordered(SweepPointResult?[] finished) => [.. finished.OfType<SweepPointResult>()];

    private static string OneLine(Exception ex) =>
        (ex is SpecException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}").ReplaceLineEndings(" ");
}
