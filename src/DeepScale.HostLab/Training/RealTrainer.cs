using System.Diagnostics;
using System.Globalization;

using DeepScale.Core.Random;
using DeepScale.Core.Units;
using DeepScale.HostLab.Kernels;
using DeepScale.HostLab.Processes;

namespace DeepScale.HostLab.Training;

/// <summary>
/// Launches and supervises a real data-parallel training run on this host (see <see cref="TrainerOptions"/>):
/// writes the synthetic data set as one shard per worker plus a test shard, starts K worker processes through
/// the caller's command, waits for all of them (a failed or hung worker fails the run with a
/// <see cref="WorkerFailureException"/> naming it; nothing waits forever), gathers their reports into a
/// <see cref="TrainerResult"/>, and writes it as JSON when asked. A failed run writes no result file.
/// </summary>
public static class RealTrainer
{
    /// <summary>Runs the training and returns its record.</summary>
    public static TrainerResult Run(TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        long start = Stopwatch.GetTimestamp();
        bool temporary = options.WorkDirectory is null;
        string directory = Path.GetFullPath(options.WorkDirectory
            ?? Path.Combine(Path.GetTempPath(), "deepscale-train-" + Guid.NewGuid().ToString("N")));
        Directory.CreateDirectory(directory);
        try
        {
            Prepare(options, directory);
            using (WorkerProcessGroup group = WorkerProcessGroup.Start(options.Command, options.Workers,
                rank => ["--work-dir", directory, "--rank", rank.ToString(CultureInfo.InvariantCulture)], TrainerWorker.Verb))
            {
                group.WaitForExit(options.RunTimeout);
            }

            TrainerResult result = Assemble(options, directory, Duration.FromSeconds(Stopwatch.GetElapsedTime(start).TotalSeconds));
            if (options.ResultPath is not null)
            {
                TrainerResultJson.WriteFile(result, options.ResultPath);
            }

            return result;
        }
        finally
        {
            if (temporary && !options.KeepWorkDirectory)
            {
                TryDelete(directory);
            }
        }
    }

    private static void Prepare(TrainerOptions options, string directory)
    {
        string ring = Path.Combine(directory, TrainerFiles.RingDirectoryName);
        if (Directory.Exists(ring))
        {
            Directory.Delete(ring, recursive: true);
        }

        Directory.CreateDirectory(ring);
        for (int rank = 0; rank < options.Workers; rank++)
        {
            File.Delete(Path.Combine(directory, TrainerFiles.ReportName(rank)));
        }

        var root = new DeterministicRandom(options.Seed);
        SyntheticDataset.WriteShards(options.Dataset, root.Fork(), directory, options.Workers);
        var config = new WorkerConfig(options.Workers, options.LayerWidths, options.Activation, options.MicroBatch, options.Steps,
            options.LearningRate, options.Momentum, options.Seed, options.ThreadsPerWorker, options.CommunicationTimeout.Seconds, options.Fault);
        TrainerFiles.WriteJson(Path.Combine(directory, TrainerFiles.ConfigName), config);
    }

    private static TrainerResult Assemble(TrainerOptions options, string directory, Duration wall)
    {
        var reports = new List<WorkerReport>();
        for (int rank = 0; rank < options.Workers; rank++)
        {
            string path = Path.Combine(directory, TrainerFiles.ReportName(rank));
            if (!File.Exists(path))
            {
                throw new WorkerFailureException($"{TrainerWorker.Verb} {rank} exited cleanly but wrote no report '{path}'");
            }

            reports.Add(TrainerFiles.ReadJson<WorkerReport>(path));
        }

        WorkerReport first = reports[0];
        var traces = reports.Select(r => new WorkerTrace(r.Rank, Enumerable.Range(0, options.Steps).Select(i => new StepTiming(
            new Duration(r.DataLoadingTicks[i]), new Duration(r.ForwardTicks[i]), new Duration(r.BackwardTicks[i]),
            new Duration(r.AllReduceTicks[i]), new Duration(r.OptimizerTicks[i]))).ToArray(), options.WarmupSteps)).ToArray();
        IReadOnlyList<int> widths = options.LayerWidths;
        int parameters = MlpWork.ParameterCount(widths);
        return new TrainerResult
        {
            Options = options,
            ParameterCount = parameters,
            AllReduceBytes = new AllReduceShape(parameters + 2, options.Workers).MessageBytes,
            ForwardFlopsPerStep = MlpWork.TotalFlops(MlpWork.Forward(widths, options.MicroBatch, options.Activation)),
            BackwardFlopsPerStep = MlpWork.TotalFlops(MlpWork.Backward(widths, options.MicroBatch, options.Activation)),
            OptimizerFlopsPerStep = MlpWork.TotalFlops(MlpWork.Optimizer(parameters, options.Momentum > 0)),
            Workers = traces,
            Loss = first.Loss,
            TrainAccuracy = first.TrainAccuracy,
            InitialTestAccuracy = first.InitialTestAccuracy ?? throw new InvalidDataException("worker 0 reported no initial test accuracy"),
            FinalTestAccuracy = first.FinalTestAccuracy ?? throw new InvalidDataException("worker 0 reported no final test accuracy"),
            FinalTestLoss = first.FinalTestLoss ?? throw new InvalidDataException("worker 0 reported no final test loss"),
            ReplicasIdentical = reports.All(r => r.ParameterDigest == first.ParameterDigest),
            ParameterDigest = first.ParameterDigest,
            Wall = wall,
            GemmKernel = Gemm.KernelName,
            ProcessorCount = Environment.ProcessorCount,
        };
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A worker killed a moment ago may still hold a file; the temporary directory is left behind.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: best effort only.
        }
    }
}
