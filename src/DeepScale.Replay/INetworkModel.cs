using DeepScale.Core.Units;
using DeepScale.Des.Events;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;

namespace DeepScale.Replay;

/// <summary>
/// The seam between the replay and the network: the replay says what moves between which accelerators, the model
/// decides when it arrives. Two implementations: flows over the topology's fair-share links (contention emerges)
/// and the analytical α-β cost (no contention). Each call may carry several symmetric copies of the same
/// communication (mirror groups of a symmetric replay, or one group in a full replay); the event happens when all
/// of them have finished.
/// </summary>
public interface INetworkModel
{
    /// <summary>Runs <paramref name="op"/> of <paramref name="size"/> bytes on every group in <paramref name="groups"/> at once.</summary>
    Event Collective(CollectiveOp op, IReadOnlyList<IReadOnlyList<DeviceId>> groups, Bytes size);

    /// <summary>Sends <paramref name="size"/> bytes along every (from, to) pair at once.</summary>
    Event PointToPoint(IReadOnlyList<(DeviceId From, DeviceId To)> pairs, Bytes size);

    /// <summary>Every reader reads <paramref name="size"/> bytes from the storage tier at once.</summary>
    Event StorageRead(StorageTierKind tier, IReadOnlyList<DeviceId> readers, Bytes size) =>
        throw new NotSupportedException($"{GetType().Name} does not model storage reads.");
}
