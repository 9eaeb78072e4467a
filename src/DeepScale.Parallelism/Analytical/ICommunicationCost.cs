using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Parallelism.Schedules;

namespace DeepScale.Parallelism.Analytical;

/// <summary>
/// Times of the communication a stage's representative rank does, without contention except where one collective
/// is named to run alongside another (<see cref="CollectiveAlongside"/>): what the analytical fidelity adds to compute. Implemented over a cluster's collective model by the layers that know the topology.
/// </summary>
public interface ICommunicationCost
{
    /// <summary>A collective of <paramref name="size"/> on the <paramref name="role"/> group of stage <paramref name="stage"/>.</summary>
    Duration Collective(CollectiveOp op, GroupRole role, int stage, Bytes size);

    /// <summary>
    /// The same collective as <see cref="Collective"/> on stage <paramref name="stage"/>'s group while the same
    /// collective of stage <paramref name="alongside"/> starts at the same moment and shares whatever links both
    /// cross. Without a topology to say which links are shared, the time alone.
    /// </summary>
    Duration CollectiveAlongside(CollectiveOp op, GroupRole role, int stage, int alongside, Bytes size) => Collective(op, role, stage, size);

    /// <summary>Channels (CTAs, one SM each) a collective of the <paramref name="role"/> group of stage <paramref name="stage"/> runs on; 0 without a topology.</summary>
    int Channels(GroupRole role, int stage) => 0;

    /// <summary>A pipeline transfer of <paramref name="size"/> from stage <paramref name="fromStage"/> to <paramref name="toStage"/>.</summary>
    Duration PointToPoint(int fromStage, int toStage, Bytes size);
}
