using System.Diagnostics;
using System.Text.Json;

using DeepScale.Core.Units;
using DeepScale.HostLab.Processes;
using DeepScale.HostLab.Training;

namespace DeepScale.HostLab.Tests.Training;

[TestClass]
public sealed class RealTrainerTests
{
    [TestMethod]
    public void Run_TwoWorkers_LearnsKeepsReplicasIdenticalAndWritesTheRecord()
    {
        using var directory = new TemporaryDirectory();
        string resultPath = Path.Combine(directory.Path, "train.json");

        TrainerResult result = RealTrainer.Run(TestWorkers.Small(2) with { ResultPath = resultPath });

        AssertLearned(result);
        Assert.IsTrue(result.ReplicasIdentical);
        Assert.HasCount(2, result.Workers);
        Assert.IsTrue(result.Workers.All(w => w.Steps.Count == 150));
        Assert.IsGreaterThan(0.0, result.MeanStep.AllReduce.Seconds);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(resultPath));
        JsonElement root = json.RootElement;
        Assert.AreEqual(2, root.GetProperty("config").GetProperty("workers").GetInt32());
        Assert.AreEqual(64, root.GetProperty("config").GetProperty("global_batch").GetInt32());
        Assert.AreEqual(150, root.GetProperty("loss").GetArrayLength());
        Assert.AreEqual(150, root.GetProperty("workers")[1].GetProperty("steps").GetArrayLength());
        double parts = new[] { "data_loading", "forward", "backward", "allreduce", "optimizer" }
            .Sum(k => root.GetProperty("breakdown_s").GetProperty(k).GetDouble());
        Assert.AreEqual(root.GetProperty("breakdown_s").GetProperty("total").GetDouble(), parts, 1e-9);
        Assert.IsEmpty(Directory.GetFiles(directory.Path, "*.tmp*"));
    }

    [TestMethod]
    public void Run_FourWorkersOnTwoCores_LearnsAndKeepsReplicasIdentical()
    {
        TrainerResult result = RealTrainer.Run(TestWorkers.Small(4));

        AssertLearned(result);
        Assert.IsTrue(result.ReplicasIdentical);
        Assert.HasCount(4, result.Workers);
    }

    [TestMethod]
    public void Run_OneWorker_LearnsWithoutCommunication()
    {
        TrainerResult result = RealTrainer.Run(TestWorkers.Small(1) with { Activation = Activation.Gelu });

        AssertLearned(result);
        Duration[] allReduce = result.Workers[0].Steps.Select(s => s.AllReduce).Order().ToArray();
        Assert.IsLessThan(Duration.FromMicroseconds(100), allReduce[allReduce.Length / 2]);
    }

    [TestMethod]
    public void Run_SameSeedTwiceOrMoreThreads_SameTrajectory()
    {
        TrainerOptions options = TestWorkers.Small(2) with { Steps = 40, WarmupSteps = 5 };

        TrainerResult first = RealTrainer.Run(options);
        TrainerResult second = RealTrainer.Run(options);
        TrainerResult threaded = RealTrainer.Run(options with { ThreadsPerWorker = 2 });
        TrainerResult other = RealTrainer.Run(options with { Seed = 8 });

        CollectionAssert.AreEqual(first.Loss.ToArray(), second.Loss.ToArray());
        Assert.AreEqual(first.ParameterDigest, second.ParameterDigest);
        Assert.AreEqual(first.ParameterDigest, threaded.ParameterDigest);
        Assert.AreEqual(first.FinalTestAccuracy, second.FinalTestAccuracy);
        Assert.AreNotEqual(first.ParameterDigest, other.ParameterDigest);
    }

    [TestMethod]
    public void Run_WorkerCrashes_FailsFastNamingItAndWritesNoResult()
    {
        using var directory = new TemporaryDirectory();
        string resultPath = Path.Combine(directory.Path, "train.json");
        TrainerOptions options = TestWorkers.Small(2) with { ResultPath = resultPath, Fault = new WorkerFault(1, 5) };
        var watch = Stopwatch.StartNew();

        var e = Assert.ThrowsExactly<WorkerFailureException>(() => RealTrainer.Run(options));

        Assert.IsLessThan(15.0, watch.Elapsed.TotalSeconds);
        Assert.Contains("train-worker 1", e.Message);
        Assert.Contains($"exited with code {TrainerWorker.InjectedCrashExitCode}", e.Message);
        Assert.Contains("injected crash at step 5", e.Message);
        Assert.IsFalse(File.Exists(resultPath));
        Assert.IsEmpty(Directory.GetFiles(directory.Path));
    }

    [TestMethod]
    public void Run_WorkerHangs_PeersTimeOutAndTheRunFails()
    {
        TrainerOptions options = TestWorkers.Small(2) with
        {
            Fault = new WorkerFault(1, 5, WorkerFaultKind.Hang),
            CommunicationTimeout = Duration.FromSeconds(1),
        };
        var watch = Stopwatch.StartNew();

        var e = Assert.ThrowsExactly<WorkerFailureException>(() => RealTrainer.Run(options));

        Assert.IsLessThan(20.0, watch.Elapsed.TotalSeconds);
        Assert.Contains("no progress for 1 s", e.Message);
        Assert.Contains("train-worker 1", e.Message);
        Assert.Contains("was stopped after another worker failed", e.Message);
    }

    [TestMethod]
    public void Run_ZeroWorkers_ThrowsNamingTheField()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => RealTrainer.Run(TestWorkers.Small(0)));

        Assert.Contains("trainer.workers", e.Message);
    }

    [TestMethod]
    public void Run_WarmupNotShorterThanRun_ThrowsNamingTheField()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => RealTrainer.Run(TestWorkers.Small(1) with { Steps = 5, WarmupSteps = 5 }));

        Assert.Contains("trainer.warmup_steps", e.Message);
    }

    private static void AssertLearned(TrainerResult result)
    {
        double early = result.Loss.Take(10).Average();
        double late = result.Loss.TakeLast(10).Average();
        Assert.IsLessThan(0.5 * early, late, $"loss {early} -> {late}");
        Assert.IsLessThan(0.5, result.InitialTestAccuracy);
        Assert.IsGreaterThan(0.85, result.FinalTestAccuracy);
        Assert.IsFalse(result.Loss.Any(double.IsNaN));
    }
}
