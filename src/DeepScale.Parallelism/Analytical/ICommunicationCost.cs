using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Parallelism.Schedules;

namespace DeepScale.Parallelism.Analytical;

/// <summary>
/// Times of the communication a stage's representative rank does, without contention: what the analytical fidelity
/// adds to compute. Implemented over a cluster's collective model by the layers that know the topology.
/// </summary>
public interface ICommunicationCost
{
    /// <summary>A collective of <paramref name="size"/> on the <paramref name="role"/> group of stage <paramref name="stage"/>.</summary>
    Duration Collective(CollectiveOp op, GroupRole role, int stage, Bytes size);

    /// <summary>A pipeline transfer of <paramref name="size"/> from stage <paramref name="fromStage"/> to <paramref name="toStage"/>.</summary>
    Duration PointToPoint(int fromStage, int toStage, Bytes size);
}
