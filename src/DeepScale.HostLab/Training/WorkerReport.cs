namespace DeepScale.HostLab.Training;

/// <summary>What a worker reports back (worker-{rank}.json): its step timings in 10 ps ticks, the loss and
/// accuracy curves it saw through the all-reduce, its final parameter digest, and (rank 0) the test results.</summary>
internal sealed record WorkerReport(
    int Rank,
    IReadOnlyList<long> DataLoadingTicks,
    IReadOnlyList<long> ForwardTicks,
    IReadOnlyList<long> BackwardTicks,
    IReadOnlyList<long> AllReduceTicks,
    IReadOnlyList<long> OptimizerTicks,
    IReadOnlyList<double> Loss,
    IReadOnlyList<double> TrainAccuracy,
    string ParameterDigest,
    double? InitialTestAccuracy,
    double? FinalTestAccuracy,
    double? FinalTestLoss);
