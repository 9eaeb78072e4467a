using System.Runtime.CompilerServices;

using DeepScale.Core.Units;
using DeepScale.Des;
using DeepScale.Des.Events;
using DeepScale.Des.Resources;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;

namespace DeepScale.Replay;

/// <summary>
/// The network as flows over the topology's fair-share links: each call moves its bytes over the real directed
/// links, so mirror copies of a collective, pipeline transfers, data-parallel reductions and other stages'
/// collectives slow each other down where they share links. A collective becomes, per phase of the algorithm the
/// analytical model chooses, one weighted bundle over the union of all mirror groups' link loads (each member
/// stream sends the phase's stream bytes; a link carries load / stream bytes members), followed by the phase's
/// latency; point-to-point pairs become one bundle over the pairs' routes. Uncontended, a call takes the analytical
/// time of its copies (<see cref="AnalyticalNetworkModel"/>), and mirror copies that share a link contend.
/// </summary>
/// <remarks>
/// The start delay (launch and NCCL's base latency) is charged after the last phase's bytes rather than before the
/// first, so a one-phase collective of a few copies is a single kernel transfer. A bundle over more than
/// <see cref="MaxLinksPerTransfer"/> links is split into parts (by link index, which keeps a node's links together)
/// that all must finish, because the kernel's cost per transfer grows faster than its path length; uncontended this
/// changes nothing, under contention a part that meets none may finish before the others. Compiled bundles are
/// cached per (operation, group list, size) and (pair list, size) by reference to the list, which the replay
/// reuses, and pair lists also by content.
/// </remarks>
public sealed class FlowNetworkModel : INetworkModel
{
    /// <summary>Most links in one kernel transfer.</summary>
    public const int MaxLinksPerTransfer = 32;

    private readonly ConditionalWeakTable<IReadOnlyList<IReadOnlyList<DeviceId>>, Dictionary<(CollectiveOp, double), Compiled>> _byGroups = [];
    private readonly ConditionalWeakTable<IReadOnlyList<(DeviceId From, DeviceId To)>, Dictionary<double, Compiled>> _byPairList = [];
    private readonly Dictionary<(int Hash, double Size), List<(int[] Pairs, Compiled Plan)>> _byPairs = [];
    private readonly ConditionalWeakTable<IReadOnlyList<DeviceId>, Dictionary<(StorageTierKind, double), Compiled>> _byReaders = [];
    private readonly LinkLoadSum _load = new();

    public FlowNetworkModel(Simulation simulation, CollectiveModel collectives, ClusterLinks? links = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(collectives);
        links ??= new ClusterLinks(new FairShareNetwork(simulation), collectives.Cluster);
        if (!ReferenceEquals(links.Network.Simulation, simulation))
        {
            throw new ArgumentException("links: the links belong to another simulation", nameof(links));
        }

        if (!ReferenceEquals(links.Cluster, collectives.Cluster))
        {
            throw new ArgumentException("links: the links belong to another cluster than the collective model", nameof(links));
        }

        Simulation = simulation;
        Collectives = collectives;
        Links = links;
    }

    public Simulation Simulation { get; }

    public CollectiveModel Collectives { get; }

    /// <summary>The cluster's kernel links (share them with anything else that moves bytes in the simulation).</summary>
    public ClusterLinks Links { get; }

    public Event Collective(CollectiveOp op, IReadOnlyList<IReadOnlyList<DeviceId>> groups, Bytes size)
    {
        ArgumentNullException.ThrowIfNull(groups);
        Dictionary<(CollectiveOp, double), Compiled> cache = _byGroups.GetOrCreateValue(groups);
        if (!cache.TryGetValue((op, size.Count), out Compiled? plan))
        {
            plan = CollectivePlan(op, groups, size);
            cache[(op, size.Count)] = plan;
        }

        return Start(plan);
    }

    /// <summary>The bundles of a collective on every group of <paramref name="groups"/> at once.</summary>
    private Compiled CollectivePlan(CollectiveOp op, IReadOnlyList<IReadOnlyList<DeviceId>> groups, Bytes size) =>
        Compile(groups.Where(g => g.Count >= 2 && size.Count > 0)
            .Select(g => Collectives.LinkLoad(new CollectiveRequest(op, [.. g], size))));

    public Event PointToPoint(IReadOnlyList<(DeviceId From, DeviceId To)> pairs, Bytes size)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        Dictionary<double, Compiled> byList = _byPairList.GetOrCreateValue(pairs);
        if (!byList.TryGetValue(size.Count, out Compiled? plan))
        {
            plan = PairsPlan(pairs, size);
            byList[size.Count] = plan;
        }

        return Start(plan);
    }

    /// <summary>
    /// Every reader pulls <paramref name="size"/> bytes along its route from the tier (shared storage targets and
    /// uplinks, or each node's own drive), as one bundle, so concurrent reads of all loaders share the tier.
    /// </summary>
    public Event StorageRead(StorageTierKind tier, IReadOnlyList<DeviceId> readers, Bytes size)
    {
        ArgumentNullException.ThrowIfNull(readers);
        Dictionary<(StorageTierKind, double), Compiled> cache = _byReaders.GetOrCreateValue(readers);
        if (!cache.TryGetValue((tier, size.Count), out Compiled? plan))
        {
            plan = StoragePlan(tier, readers, size);
            cache[(tier, size.Count)] = plan;
        }

        return Start(plan);
    }

    private Compiled StoragePlan(StorageTierKind tier, IReadOnlyList<DeviceId> readers, Bytes size)
    {
        Cluster cluster = Collectives.Cluster;
        Duration latency = Duration.Zero;
        _load.Clear();
        foreach (DeviceId reader in readers)
        {
            Route route = cluster.StorageReadRoute(tier, reader);
            latency = Duration.Max(latency, route.Latency);
            foreach (LinkId link in route.Links)
            {
                _load.Add(link.Index, size.Count);
            }
        }

        StorageTier storage = cluster.Storage.First(t => t.Kind == tier);
        Compiled plan = size.Count > 0 && readers.Count > 0
            ? new Compiled([new Phase(Split(size.Count), size, latency + storage.Latency)])
            : new Compiled([]);
        _load.Clear();
        return plan;
    }

    /// <summary>The bundle of a pair list, shared by every list with the same pairs (lists built per call included).</summary>
    private Compiled PairsPlan(IReadOnlyList<(DeviceId From, DeviceId To)> pairs, Bytes size)
    {
        HashCode h = new();
        foreach ((DeviceId from, DeviceId to) in pairs)
        {
            h.Add(from.Index);
            h.Add(to.Index);
        }

        (int, double) key = (h.ToHashCode(), size.Count);
        if (!_byPairs.TryGetValue(key, out List<(int[] Pairs, Compiled Plan)>? candidates))
        {
            candidates = [];
            _byPairs[key] = candidates;
        }

        foreach ((int[] known, Compiled plan) in candidates)
        {
            if (SamePairs(known, pairs))
            {
                return plan;
            }
        }

        Compiled compiled = Compile(MirrorTransfers(pairs.Where(p => p.From != p.To && size.Count > 0).ToList(), size));
        candidates.Add(([.. pairs.SelectMany(p => new[] { p.From.Index, p.To.Index })], compiled));
        return compiled;
    }

    /// <summary>
    /// The link loads of a pair list's transfers: the first pair's from the collective model (protocol, latency,
    /// wire bytes per payload byte), the others' by laying the same wire bytes along their own routes. The pairs of a
    /// call are symmetric copies, so routing each is all that differs; this keeps a symmetric replay's pipeline
    /// transfers from costing one collective-model evaluation per mirror copy.
    /// </summary>
    private IEnumerable<CollectiveLinkLoad> MirrorTransfers(List<(DeviceId From, DeviceId To)> pairs, Bytes size)
    {
        if (pairs.Count == 0)
        {
            yield break;
        }

        CollectiveLinkLoad first = Collectives.LinkLoad(new CollectiveRequest(CollectiveOp.SendRecv, [pairs[0].From, pairs[0].To], size));
        yield return first;
        if (first.Phases.Length != 1 || first.Phases[0].Links.Length == 0)
        {
            foreach ((DeviceId from, DeviceId to) in pairs.Skip(1))
            {
                yield return Collectives.LinkLoad(new CollectiveRequest(CollectiveOp.SendRecv, [from, to], size));
            }

            yield break;
        }

        LinkLoadPhase phase = first.Phases[0];
        Bytes wire = phase.Loads.Max();
        foreach ((DeviceId from, DeviceId to) in pairs.Skip(1))
        {
            Route route = Collectives.Cluster.Route(from, to);
            var copy = phase with
            {
                Links = route.Links,
                Loads = [.. route.Links.Select(_ => wire)],
            };
            yield return first with { Phases = [copy] };
        }
    }

    private static bool SamePairs(int[] known, IReadOnlyList<(DeviceId From, DeviceId To)> pairs)
    {
        if (known.Length != 2 * pairs.Count)
        {
            return false;
        }

        for (int i = 0; i < pairs.Count; i++)
        {
            if (known[2 * i] != pairs[i].From.Index || known[(2 * i) + 1] != pairs[i].To.Index)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Sums the copies' link loads phase by phase into weighted bundles on the kernel's links.</summary>
    private Compiled Compile(IEnumerable<CollectiveLinkLoad> copies)
    {
        List<CollectiveLinkLoad> all = [.. copies];
        if (all.Count == 0)
        {
            return new Compiled([]);
        }

        int phases = all.Max(c => c.Phases.Length);
        Duration start = all.Max(c => c.StartDelay);
        Phase[] result = new Phase[phases];
        for (int p = 0; p < phases; p++)
        {
            double stream = 0;
            Duration latency = Duration.Zero;
            _load.Clear();
            foreach (CollectiveLinkLoad copy in all)
            {
                if (p >= copy.Phases.Length)
                {
                    continue;
                }

                LinkLoadPhase phase = copy.Phases[p];
                stream = Math.Max(stream, phase.StreamBytes.Count);
                latency = Duration.Max(latency, phase.Latency + phase.OffBottleneck);
                for (int i = 0; i < phase.Links.Length; i++)
                {
                    _load.Add(phase.Links[i].Index, phase.Loads[i].Count);
                }
            }

            if (p == phases - 1)
            {
                latency += start;
            }

            result[p] = new Phase(stream > 0 ? Split(stream) : [], new Bytes(stream), latency);
            _load.Clear();
        }

        return new Compiled(result);
    }

    private Event Start(Compiled plan)
    {
        if (plan.Phases.Length == 0)
        {
            return Simulation.Timeout(Duration.Zero);
        }

        if (plan.Phases.Length == 1)
        {
            return StartPhase(plan.Phases[0]);
        }

        return new PhaseChain(this, plan).Done;
    }

    /// <summary>Cuts the summed loads, ascending by link, into kernel paths of at most <see cref="MaxLinksPerTransfer"/> links.</summary>
    private TransferPath[] Split(double stream)
    {
        (int Link, double Load)[] load = _load.Sorted();
        var parts = new TransferPath[(load.Length + MaxLinksPerTransfer - 1) / MaxLinksPerTransfer];
        for (int p = 0; p < parts.Length; p++)
        {
            int first = p * MaxLinksPerTransfer;
            int count = Math.Min(MaxLinksPerTransfer, load.Length - first);
            var links = new BandwidthLink[count];
            double[] weights = new double[count];
            for (int i = 0; i < count; i++)
            {
                links[i] = Links[load[first + i].Link];
                weights[i] = load[first + i].Load / stream;
            }

            parts[p] = Links.Network.Path(links, weights);
        }

        return parts;
    }

    private Event StartPhase(Phase phase)
    {
        if (phase.Parts.Length == 0)
        {
            return Simulation.Timeout(phase.Latency);
        }

        if (phase.Parts.Length == 1)
        {
            return Links.Network.Transfer(phase.StreamBytes, phase.Parts[0], phase.Latency);
        }

        Event[] started = new Event[phase.Parts.Length];
        for (int i = 0; i < started.Length; i++)
        {
            started[i] = Links.Network.Transfer(phase.StreamBytes, phase.Parts[i], phase.Latency);
        }

        return Simulation.AllOf(started);
    }

    /// <summary>One bundle: its parts (kernel paths weighted by the member streams on each link), the bytes per member and the latency after the last byte.</summary>
    private sealed record Phase(TransferPath[] Parts, Bytes StreamBytes, Duration Latency);

    private sealed record Compiled(Phase[] Phases);

    /// <summary>Runs the phases of a multi-phase collective one after another.</summary>
    private sealed class PhaseChain
    {
        private readonly FlowNetworkModel _model;
        private readonly Compiled _plan;
        private int _next;

        public PhaseChain(FlowNetworkModel model, Compiled plan)
        {
            _model = model;
            _plan = plan;
            Done = model.Simulation.Event<bool>();
            Advance(null);
        }

        public Event<bool> Done { get; }

        private void Advance(Event? finished)
        {
            if (_next == _plan.Phases.Length)
            {
                Done.Succeed(true);
                return;
            }

            _model.StartPhase(_plan.Phases[_next++]).AddCallback(static (e, chain) => chain.Advance(e), this);
        }
    }
}
