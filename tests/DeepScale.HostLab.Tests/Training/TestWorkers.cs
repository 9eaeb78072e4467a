using DeepScale.HostLab.Processes;
using DeepScale.HostLab.Training;

namespace DeepScale.HostLab.Tests.Training;

/// <summary>Commands that start this test executable as a host-lab worker.</summary>
internal static class TestWorkers
{
    public static WorkerCommand Trainer => WorkerCommand.ForAssembly(typeof(TestWorkers).Assembly, TrainerWorker.Verb);

    public static WorkerCommand RingPeer => WorkerCommand.ForAssembly(typeof(TestWorkers).Assembly, global::DeepScale.HostLab.Processes.RingPeer.Verb);

    /// <summary>A small, fast configuration that still has to learn (two clusters per class need the hidden layer).</summary>
    public static TrainerOptions Small(int workers) => new()
    {
        Command = Trainer,
        Workers = workers,
        Hidden = [32],
        Dataset = new SyntheticDatasetSpec { Features = 16, Classes = 4, ClustersPerClass = 2, ClusterSpread = 0.8, TrainSamples = 4096, TestSamples = 1024 },
        MicroBatch = 32,
        Steps = 150,
        WarmupSteps = 10,
        LearningRate = 0.05,
        Momentum = 0.9,
        Seed = 7,
        CommunicationTimeout = Core.Units.Duration.FromSeconds(20),
        RunTimeout = Core.Units.Duration.FromSeconds(120),
    };
}
