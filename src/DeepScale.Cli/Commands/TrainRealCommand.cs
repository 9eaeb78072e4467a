using System.Globalization;
using System.Text;

using DeepScale.Core.Units;
using DeepScale.HostLab.Processes;
using DeepScale.HostLab.Training;

namespace DeepScale.Cli.Commands;

/// <summary>
/// <c>deepscale train-real</c>: a real data-parallel training run on this machine. K worker processes of this very
/// executable train replicas of the MLP on their shards of a synthetic data set and all-reduce their gradients over
/// loopback TCP; the command prints the step time, where it went, the loss and the accuracy, and writes the run's
/// record as JSON (atomically: a failed run leaves no file).
/// </summary>
public static class TrainRealCommand
{
    public const string Help = """
        deepscale train-real [--workers K] [--steps N] [--seed S] [--out FILE]

        Trains a 32-512-512-10 MLP (ReLU, softmax cross-entropy, SGD with momentum 0.9, micro-batch 64 per worker) on a
        synthetic classification data set written to disk as one shard per worker, with K worker processes of this
        executable that exchange gradients by a ring all-reduce over loopback TCP. Prints the mean step time (over
        every worker's steps after the warm-up), its breakdown (data loading, forward, backward, all-reduce,
        optimizer), the loss and the held-out accuracy, and writes the full record as JSON.

          --workers K  worker processes, 1 … 64 (default 2); above the core count they share the cores
          --steps N    optimizer steps, 2 … 1000000 (default 300); the first min(30, N/10) are warm-up
          --seed S     seed of the data set and the initial weights (default 1)
          --out FILE   where to write the JSON record (default results/train-real/train-real-k{K}.json)

        The run is deterministic given the seed, apart from the measured times.
        """;

    public static int Run(CommandLine cl)
    {
        ArgumentNullException.ThrowIfNull(cl);
        if (cl.Help)
        {
            Console.WriteLine(Help);
            return 0;
        }

        if (cl.Positional.Count > 0)
        {
            throw new UsageException($"train-real: unexpected argument '{cl.Positional[0]}'; run 'deepscale train-real --help'");
        }

        int workers = cl.Int("--workers", 2, 1, 64);
        int steps = cl.Int("--steps", 300, 2, 1_000_000);
        ulong seed = Seed(cl);
        string output = cl.Value("--out")
            ?? Path.Combine("results", "train-real", string.Create(CultureInfo.InvariantCulture, $"train-real-k{workers}.json"));
        string? directory = Path.GetDirectoryName(Path.GetFullPath(output));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        TrainerOptions options = OptionsFor(workers, steps, seed) with { ResultPath = output };
        TrainerResult result;
        try
        {
            result = RealTrainer.Run(options);
        }
        catch (WorkerFailureException ex)
        {
            Console.Error.WriteLine($"deepscale: train-real failed: {ex.Message.ReplaceLineEndings(" | ")}");
            return 1;
        }

        Console.Write(Describe(result));
        Console.WriteLine($"record: {Path.GetFullPath(output)}");
        return 0;
    }

    /// <summary>
    /// The trainer configuration this command runs: the trainer's defaults (the MLP, micro-batch, learning rate,
    /// momentum, data set) with K workers of this executable, N steps, the seed, and a warm-up of min(30, N/10) steps.
    /// </summary>
    public static TrainerOptions OptionsFor(int workers, int steps, ulong seed) => new()
    {
        Command = WorkerCommand.ForEntryAssembly(TrainerWorker.Verb),
        Workers = workers,
        Steps = steps,
        WarmupSteps = Math.Min(30, steps / 10),
        Seed = seed,
    };

    /// <summary>The human summary: step time, breakdown with shares, loss, accuracy, replica agreement, wall time.</summary>
    public static string Describe(TrainerResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        TrainerOptions o = result.Options;
        StepTiming mean = result.MeanStep;
        double[] totals = [.. result.Workers.SelectMany(w => w.MeasuredSteps).Select(s => s.Total.Seconds).Order()];
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"train-real: {o.Workers} worker(s) on {result.ProcessorCount} logical processors, MLP {string.Join("-", o.LayerWidths)} " +
            $"({result.ParameterCount} parameters), micro-batch {o.MicroBatch}, global batch {o.MicroBatch * o.Workers}, " +
            $"{o.Steps} steps ({o.WarmupSteps} warm-up), seed {o.Seed}, {result.GemmKernel} GEMM\n");
        text.Append(CultureInfo.InvariantCulture,
            $"step time     mean {mean.Total}  median {Seconds(Percentile(totals, 0.5))}  " +
            $"p10 {Seconds(Percentile(totals, 0.1))}  p90 {Seconds(Percentile(totals, 0.9))}\n");
        Part(text, "data loading", mean.DataLoading, mean.Total);
        Part(text, "forward", mean.Forward, mean.Total);
        Part(text, "backward", mean.Backward, mean.Total);
        Part(text, "all-reduce", mean.AllReduce, mean.Total);
        Part(text, "optimizer", mean.Optimizer, mean.Total);
        text.Append(CultureInfo.InvariantCulture,
            $"loss          {result.Loss[0]:0.0000} -> {result.Loss[^1]:0.0000} (training, global batch)\n");
        text.Append(CultureInfo.InvariantCulture,
            $"accuracy      train {result.TrainAccuracy[^1]:P1}; held-out {result.InitialTestAccuracy:P1} -> {result.FinalTestAccuracy:P1} " +
            $"(test loss {result.FinalTestLoss:0.0000})\n");
        text.Append(CultureInfo.InvariantCulture,
            $"replicas      {(result.ReplicasIdentical ? "bit-identical" : "DIFFER")} (sha256 {result.ParameterDigest[..16]}...)\n");
        text.Append(CultureInfo.InvariantCulture, $"wall          {result.Wall} (data set, process start-up, training, evaluation)\n");
        return text.ToString();
    }

    private static void Part(StringBuilder text, string name, Duration part, Duration total) =>
        text.Append(CultureInfo.InvariantCulture,
            $"  {name,-12}{part,12}  {(total.Ticks > 0 ? part / total : 0),6:P1}\n");

    private static Duration Seconds(double seconds) => Duration.FromSeconds(seconds);

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Round(q * (sorted.Length - 1)), 0, sorted.Length - 1)];

    private static ulong Seed(CommandLine cl)
    {
        string? text = cl.Value("--seed");
        if (text is null)
        {
            return 1;
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed)
            ? seed
            : throw new UsageException($"train-real: --seed must be an integer in [0, 2^64 - 1], not '{text}'");
    }
}
