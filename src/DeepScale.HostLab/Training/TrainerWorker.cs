using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

using DeepScale.Core.Random;
using DeepScale.Core.Units;
using DeepScale.HostLab.Kernels;
using DeepScale.HostLab.Processes;

namespace DeepScale.HostLab.Training;

/// <summary>
/// One data-parallel replica of a real training run, as its own process: it reads the launcher's configuration,
/// builds and initialises the MLP from the shared seed (so all replicas start equal), joins the loopback ring,
/// and for each step reads its micro-batch from its shard on disk, runs forward and backward, all-reduces the
/// gradients, averages them and applies the same SGD update as every other replica. It times each part of every
/// step and writes a report; rank 0 also evaluates the held-out set before and after training.
/// </summary>
public static class TrainerWorker
{
    /// <summary>The hidden verb a host routes to <see cref="Run"/>.</summary>
    public const string Verb = "train-worker";

    /// <summary>Exit code of a worker that crashes on purpose (<see cref="WorkerFaultKind.Crash"/>).</summary>
    public const int InjectedCrashExitCode = 86;

    /// <summary>
    /// Runs a worker. Arguments (after the verb): <c>--work-dir DIR --rank R</c>. Exit code 0 on success, 1 when
    /// training fails (the reason on stderr), 2 on bad arguments.
    /// </summary>
    public static int Run(string[] args)
    {
        string workDirectory;
        int rank;
        try
        {
            var parsed = WorkerArguments.Parse(Verb, args);
            workDirectory = parsed.Text("work-dir");
            rank = parsed.Integer("rank");
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        try
        {
            Train(workDirectory, rank);
            return 0;
        }
        catch (Exception e)
        {
            // The process boundary: every failure becomes one line on stderr and exit code 1 for the launcher.
            Console.Error.WriteLine($"{Verb} {rank}: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    private static void Train(string workDirectory, int rank)
    {
        WorkerConfig config = TrainerFiles.ReadJson<WorkerConfig>(Path.Combine(workDirectory, TrainerFiles.ConfigName));
        int workers = config.Workers;
        if (rank < 0 || rank >= workers)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"--rank {rank} must be in [0, {workers})");
        }

        int batch = config.MicroBatch;
        var root = new DeterministicRandom(config.Seed);
        _ = root.Fork();
        var mlp = new Mlp(config.LayerWidths, config.Activation, batch, config.Threads);
        mlp.Initialize(root.Fork());
        int parameters = mlp.ParameterCount;

        using ShardReader shard = ShardReader.Open(Path.Combine(workDirectory, SyntheticDataset.TrainShardName(rank)));
        if (shard.Features != config.LayerWidths[0] || shard.Classes != mlp.Classes)
        {
            throw new InvalidDataException(
                $"shard '{shard.Path}' has {shard.Features} features and {shard.Classes} classes; the model expects {config.LayerWidths[0]} and {mlp.Classes}");
        }

        using ShardReader? test = rank == 0 ? ShardReader.Open(Path.Combine(workDirectory, SyntheticDataset.TestShardName)) : null;
        (double Accuracy, double Loss)? initial = test is null ? null : Evaluate(mlp, test);

        using LoopbackRing ring = LoopbackRing.Connect(Path.Combine(workDirectory, TrainerFiles.RingDirectoryName), rank, workers,
            Duration.FromSeconds(config.CommunicationTimeoutSeconds));

        float[] exchange = new float[parameters + 2];
        var optimizer = new SgdMomentum(parameters, (float)config.LearningRate, (float)config.Momentum);
        float[] x = new float[batch * shard.Features];
        int[] labels = new int[batch];
        int steps = config.Steps;
        long[][] ticks = [new long[steps], new long[steps], new long[steps], new long[steps], new long[steps]];
        double[] loss = new double[steps];
        double[] accuracy = new double[steps];
        float averaging = 1f / workers;
        for (int step = 0; step < steps; step++)
        {
            if (config.Fault is { } fault && fault.Rank == rank && fault.Step == step)
            {
                Inject(fault, rank);
            }

            long t0 = Stopwatch.GetTimestamp();
            shard.ReadBatch((long)step * batch, batch, x, labels);
            long t1 = Stopwatch.GetTimestamp();
            (float batchLoss, int correct) = mlp.Forward(x, labels, batch);
            long t2 = Stopwatch.GetTimestamp();
            mlp.Backward(exchange.AsSpan(0, parameters));
            long t3 = Stopwatch.GetTimestamp();
            exchange[parameters] = batchLoss;
            exchange[parameters + 1] = correct;
            RingAllReduce.Sum(ring, exchange);
            long t4 = Stopwatch.GetTimestamp();
            Span<float> gradients = exchange.AsSpan(0, parameters);
            Elementwise.Scale(gradients, averaging, gradients);
            optimizer.Step(mlp.Parameters, gradients);
            long t5 = Stopwatch.GetTimestamp();

            ticks[0][step] = ToTicks(t1 - t0);
            ticks[1][step] = ToTicks(t2 - t1);
            ticks[2][step] = ToTicks(t3 - t2);
            ticks[3][step] = ToTicks(t4 - t3);
            ticks[4][step] = ToTicks(t5 - t4);
            loss[step] = exchange[parameters] / workers;
            accuracy[step] = exchange[parameters + 1] / ((double)workers * batch);
        }

        (double Accuracy, double Loss)? final = test is null ? null : Evaluate(mlp, test);
        string digest = Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(mlp.Parameters.AsSpan())));
        var report = new WorkerReport(rank, ticks[0], ticks[1], ticks[2], ticks[3], ticks[4], loss, accuracy, digest,
            initial?.Accuracy, final?.Accuracy, final?.Loss);
        TrainerFiles.WriteJson(Path.Combine(workDirectory, TrainerFiles.ReportName(rank)), report);
    }

    /// <summary>Accuracy and mean loss of the model over a whole shard, in micro-batch chunks.</summary>
    private static (double Accuracy, double Loss) Evaluate(Mlp mlp, ShardReader data)
    {
        float[] x = new float[mlp.MaxBatch * data.Features];
        int[] labels = new int[mlp.MaxBatch];
        long correct = 0;
        double loss = 0;
        for (long first = 0; first < data.Records; first += mlp.MaxBatch)
        {
            int n = (int)Math.Min(mlp.MaxBatch, data.Records - first);
            data.ReadBatch(first, n, x, labels);
            (float batchLoss, int batchCorrect) = mlp.Forward(x, labels, n);
            loss += (double)batchLoss * n;
            correct += batchCorrect;
        }

        return ((double)correct / data.Records, loss / data.Records);
    }

    private static void Inject(WorkerFault fault, int rank)
    {
        Console.Error.WriteLine($"{Verb} {rank}: injected {fault.Kind.ToString().ToLowerInvariant()} at step {fault.Step}");
        Console.Error.Flush();
        if (fault.Kind == WorkerFaultKind.Crash)
        {
            Environment.Exit(InjectedCrashExitCode);
        }

        Thread.Sleep(Timeout.Infinite);
    }

    private static long ToTicks(long stopwatchTicks) => Duration.FromSeconds((double)stopwatchTicks / Stopwatch.Frequency).Ticks;
}
