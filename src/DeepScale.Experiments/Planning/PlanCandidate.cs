using DeepScale.Workloads.Accounting;

namespace DeepScale.Experiments.Planning;

/// <summary>A layout the search found feasible, with its analytical iteration time and peak memory.</summary>
internal readonly record struct PlanCandidate(
    int Option,
    int Tensor,
    int Context,
    int Pipeline,
    int Data,
    int MicroBatch,
    int VirtualStages,
    int ZeroStage,
    bool DistributedOptimizer,
    RecomputeMode Recompute,
    bool SequenceParallel,
    double IterationSeconds,
    double PeakBytes,
    ContextCommunication ContextCommunication = ContextCommunication.P2P)
{
    /// <summary>Position of the sharding option in the order ZeRO 0 … 3, then the distributed optimizer (for tie-breaks).</summary>
    public int ShardingOrder => DistributedOptimizer ? 4 : ZeroStage;
}
