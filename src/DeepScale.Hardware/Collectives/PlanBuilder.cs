using DeepScale.Core.Units;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Collectives;

/// <summary>Accumulates transfer steps and their dependencies, then freezes them into a <see cref="CollectivePlan"/>.</summary>
internal sealed class PlanBuilder(double wireInflation)
{
    private readonly List<TransferStep> _steps = [];
    private readonly List<int> _start = [];
    private readonly List<int> _deps = [];

    public int Count => _steps.Count;

    /// <summary>Adds a step depending on up to three earlier steps (negative ids are ignored).</summary>
    public int Add(DeviceId from, DeviceId to, Bytes payload, Duration latency, int channel, int phase, int dep1 = -1, int dep2 = -1, int dep3 = -1)
    {
        int id = _steps.Count;
        _start.Add(_deps.Count);
        AddDep(dep1, id);
        AddDep(dep2, id);
        AddDep(dep3, id);
        _steps.Add(new TransferStep(id, from, to, payload, payload * wireInflation, latency, channel, phase));
        return id;
    }

    /// <summary>Adds a step depending on any number of earlier steps.</summary>
    public int Add(DeviceId from, DeviceId to, Bytes payload, Duration latency, int channel, int phase, ReadOnlySpan<int> deps)
    {
        int id = _steps.Count;
        _start.Add(_deps.Count);
        foreach (int d in deps)
        {
            AddDep(d, id);
        }

        _steps.Add(new TransferStep(id, from, to, payload, payload * wireInflation, latency, channel, phase));
        return id;
    }

    public CollectivePlan Build(CollectiveEstimate estimate, int chunks, Duration startDelay)
    {
        _start.Add(_deps.Count);
        return new CollectivePlan(estimate, chunks, startDelay, [.. _steps], [.. _start], [.. _deps]);
    }

    private void AddDep(int dep, int id)
    {
        if (dep < 0)
        {
            return;
        }

        if (dep >= id)
        {
            throw new InvalidOperationException($"step {id} cannot depend on later step {dep}");
        }

        _deps.Add(dep);
    }
}
