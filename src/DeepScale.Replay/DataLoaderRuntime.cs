using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Des.Resources;
using DeepScale.Hardware.Topology;

namespace DeepScale.Replay;

/// <summary>
/// One loading rank's input pipeline: worker processes that take a free prefetch slot, read a micro-batch from
/// storage (together with the rank's mirror copies, so the tier's bandwidth is shared as in the real cluster),
/// decode it, and hand it over. It runs across iterations, so a slow pipeline shows as a steady-state stall.
/// </summary>
internal sealed class DataLoaderRuntime
{
    private readonly Simulation _sim;
    private readonly Store<int> _free;
    private readonly Store<int> _ready;

    public DataLoaderRuntime(Simulation simulation, DataLoading data, INetworkModel network, IReadOnlyList<DeviceId> readers)
    {
        _sim = simulation;
        _free = new Store<int>(simulation);
        _ready = new Store<int>(simulation);
        for (int i = 0; i < Math.Max(1, data.PrefetchBatches); i++)
        {
            _free.TryPut(i);
        }

        for (int w = 0; w < Math.Max(1, data.WorkersPerRank); w++)
        {
            simulation.Process(Worker(data, network, readers), $"loader worker {w}");
        }
    }

    /// <summary>The event of taking the next ready batch; its slot frees when taken.</summary>
    public IEnumerable<Event> Take()
    {
        StoreGet<int> batch = _ready.Get();
        yield return batch;
        _free.TryPut(batch.Value);
    }

    private IEnumerable<Event> Worker(DataLoading data, INetworkModel network, IReadOnlyList<DeviceId> readers)
    {
        while (true)
        {
            StoreGet<int> slot = _free.Get();
            yield return slot;
            yield return network.StorageRead(data.Tier, readers, data.BatchBytes);
            yield return _sim.Timeout(data.DecodeTime);
            _ready.TryPut(slot.Value);
        }
    }
}
