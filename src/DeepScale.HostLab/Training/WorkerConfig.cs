namespace DeepScale.HostLab.Training;

/// <summary>What the launcher tells every worker (config.json in the work directory).</summary>
internal sealed record WorkerConfig(
    int Workers,
    IReadOnlyList<int> LayerWidths,
    Activation Activation,
    int MicroBatch,
    int Steps,
    double LearningRate,
    double Momentum,
    ulong Seed,
    int Threads,
    double CommunicationTimeoutSeconds,
    WorkerFault? Fault);
