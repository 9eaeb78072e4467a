using System.Runtime.InteropServices;

using DeepScale.Core.Units;

namespace DeepScale.Des.Resources;

/// <summary>
/// Links whose capacity concurrent transfers share max-min fairly (flow-level network model). A transfer crosses a
/// path of links and gets the max-min fair rate over all of them (progressive filling, Bertsekas and Gallager,
/// Data Networks, 2nd ed., §6.5.2): repeatedly, the link with the smallest equal share of its remaining capacity
/// fixes the rate of every unfixed transfer through it. Whenever a transfer starts or drains, the rates of the
/// transfers connected to it through shared links are recomputed, their progress is settled at the old rates, and
/// their completion times are moved. Contention between jobs, collectives and storage reads emerges from this.
/// </summary>
/// <remarks>
/// Completion timers are lazy: a transfer keeps at most one live timer entry, at or before its finish; a timer that
/// fires early re-arms itself at the new finish, and one made obsolete by an earlier timer is recognised and
/// dropped. Rates are held in bytes per 10 ps tick, and a transfer counts as drained when less than one tick of
/// sending remains, so completion times are exact to a tick.
/// </remarks>
public sealed class FairShareNetwork
{
    private readonly Simulation _sim;
    private readonly List<BandwidthLink> _links = [];
    private readonly List<BandwidthLink> _componentLinks = [];
    private readonly List<Transfer> _componentFlows = [];
    private readonly Stack<BandwidthLink> _frontier = new();
    private readonly List<Transfer> _loose = [];
    private int[] _occupancy = new int[16];
    private double[] _carried = new double[16];
    private int _stamp;
    private int _active;
    private int _monitored;

    public FairShareNetwork(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _sim = simulation;
    }

    public Simulation Simulation => _sim;

    public IReadOnlyList<BandwidthLink> Links => _links;

    /// <summary>Transfers that have not drained yet.</summary>
    public int ActiveTransfers => _active;

    /// <summary>
    /// Counts the links with a utilization monitor. Monitors read every rate change, so the first one registers the
    /// loose transfers and, while any exists, every transfer is registered.
    /// </summary>
    internal void MonitorChanged(bool added)
    {
        _monitored += added ? 1 : -1;
        if (added)
        {
            foreach (Transfer loose in _loose)
            {
                loose.LooseSlot = -1;
                Register(loose);
            }

            _loose.Clear();
        }
    }

    /// <summary>Transfers crossing link <paramref name="index"/> now, registered or loose.</summary>
    internal int OccupancyOf(int index) => _occupancy[index];

    /// <summary>Bytes of finished transfers that crossed link <paramref name="index"/>.</summary>
    internal double CarriedOf(int index) => _carried[index];

    /// <summary>The summed rate per tick of the loose transfers crossing <paramref name="link"/> (at most one).</summary>
    internal double LooseLoadPerTick(BandwidthLink link)
    {
        double perTick = 0;
        foreach (Transfer t in _loose)
        {
            perTick += t.RatePerTick * t.WeightOn(link);
        }

        return perTick;
    }

    /// <summary>Adds a link (one direction) of the given capacity.</summary>
    public BandwidthLink AddLink(ByteRate capacity, string? name = null)
    {
        if (!double.IsFinite(capacity.BytesPerSecond) || capacity.BytesPerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A link needs a positive, finite capacity.");
        }

        var link = new BandwidthLink(this, _links.Count, capacity, name ?? $"link{_links.Count}");
        _links.Add(link);
        if (_links.Count > _occupancy.Length)
        {
            Array.Resize(ref _occupancy, _occupancy.Length * 2);
            Array.Resize(ref _carried, _carried.Length * 2);
        }

        return link;
    }

    /// <summary>Starts sending <paramref name="size"/> bytes over <paramref name="path"/>; the event happens at arrival.</summary>
    public Transfer Transfer(Bytes size, params IReadOnlyList<BandwidthLink> path) => Transfer(size, path, Duration.Zero);

    /// <summary>
    /// Starts sending <paramref name="size"/> bytes over <paramref name="path"/> with a propagation
    /// <paramref name="latency"/> added after the last byte leaves (the α of an α-β cost).
    /// </summary>
    public Transfer Transfer(Bytes size, IReadOnlyList<BandwidthLink> path, Duration latency) =>
        Transfer(size, path, null, latency);

    /// <summary>
    /// Starts a bundle of identical member transfers moving in lock-step: each member sends <paramref name="size"/>
    /// bytes, and link <c>path[i]</c> carries <c>weights[i]</c> members' streams (a ring collective whose members all
    /// cross their own links, or the mirror copies of a transfer in a symmetric replay). The bundle's rate is one
    /// member's rate, and it shares each link as <c>weights[i]</c> flows would (weighted max-min fairness), so a
    /// bundle behaves exactly as its members would if they were simulated one by one.
    /// </summary>
    public Transfer Transfer(Bytes size, IReadOnlyList<BandwidthLink> path, IReadOnlyList<double>? weights, Duration latency)
    {
        ArgumentNullException.ThrowIfNull(path);
        double[]? w = CheckWeights(path, weights);
        CheckSizeAndLatency(size, latency);
        BandwidthLink[] links = CheckLinks(path);
        return Start(size, links, w, IndexesOf(links), IsolatedRate(links, w), latency);
    }

    /// <summary>
    /// Starts a bundle over a path made by <see cref="Path"/>: the same as the overload with links and weights,
    /// without checking and copying the path again.
    /// </summary>
    public Transfer Transfer(Bytes size, TransferPath path, Duration latency)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!ReferenceEquals(path.Network, this))
        {
            throw new ArgumentException("The path belongs to another network.", nameof(path));
        }

        CheckSizeAndLatency(size, latency);
        return Start(size, path.LinkArray, path.WeightArray, path.IndexArray, path.IsolatedRate, latency);
    }

    /// <summary>
    /// Checks and stores a path with the member streams each link carries (null: one each), for transfers that
    /// follow it many times (<see cref="Transfer(Bytes, TransferPath, Duration)"/>).
    /// </summary>
    public TransferPath Path(IReadOnlyList<BandwidthLink> links, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(links);
        double[]? w = CheckWeights(links, weights);
        BandwidthLink[] checkedLinks = CheckLinks(links);
        return new TransferPath(this, checkedLinks, w, IndexesOf(checkedLinks), IsolatedRate(checkedLinks, w));
    }

    private static int[] IndexesOf(BandwidthLink[] links)
    {
        int[] indexes = new int[links.Length];
        for (int i = 0; i < links.Length; i++)
        {
            indexes[i] = links[i].Index;
        }

        return indexes;
    }

    /// <summary>
    /// The rate per tick of a transfer alone on <paramref name="links"/>: progressive filling with one flow stops at
    /// the narrowest link, capacity over weight.
    /// </summary>
    private static double IsolatedRate(BandwidthLink[] links, double[]? weights)
    {
        double share = double.PositiveInfinity;
        for (int i = 0; i < links.Length; i++)
        {
            double s = links[i].CapacityPerTick / (weights is null ? 1 : weights[i]);
            if (s < share)
            {
                share = s;
            }
        }

        return Math.Max(share, 0);
    }

    private static double[]? CheckWeights(IReadOnlyList<BandwidthLink> path, IReadOnlyList<double>? weights)
    {
        if (weights is null)
        {
            return null;
        }

        if (weights.Count != path.Count)
        {
            throw new ArgumentException($"{weights.Count} weights were given for a path of {path.Count} links.", nameof(weights));
        }

        double[] w = new double[weights.Count];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = weights[i];
            if (!double.IsFinite(w[i]) || w[i] <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(weights), w[i], "A link weight must be positive and finite.");
            }
        }

        return w;
    }

    private static void CheckSizeAndLatency(Bytes size, Duration latency)
    {
        if (!double.IsFinite(size.Count) || size.Count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "A transfer size must be finite and not negative.");
        }

        if (latency.Ticks < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(latency), latency, "A latency cannot be negative.");
        }
    }

    /// <summary>Copies the path, checking that every link belongs to this network and appears once.</summary>
    private BandwidthLink[] CheckLinks(IReadOnlyList<BandwidthLink> path)
    {
        var links = new BandwidthLink[path.Count];
        int stamp = ++_stamp;
        for (int i = 0; i < links.Length; i++)
        {
            BandwidthLink link = path[i] ?? throw new ArgumentException("A path cannot contain null links.", nameof(path));
            if (!ReferenceEquals(link.Network, this))
            {
                throw new ArgumentException($"Link {link.Name} belongs to another network.", nameof(path));
            }

            // Stamps make the duplicate check linear in the path length (reallocation restamps later).
            if (link.Stamp == stamp)
            {
                throw new ArgumentException($"Link {link.Name} appears twice in the path.", nameof(path));
            }

            link.Stamp = stamp;
            links[i] = link;
        }

        return links;
    }

    /// <summary>
    /// Starts a checked transfer; <paramref name="links"/> and <paramref name="weights"/> are never changed. A
    /// transfer that finds its links empty stays loose: it takes <paramref name="isolatedRate"/> (the rate
    /// progressive filling gives a lone flow) without joining the links' flow lists, and only the occupancy counts
    /// record it. A transfer that meets another on a link registers itself and every loose transfer it meets, then
    /// the connected component is recomputed. So every link that carries two transfers lists them both, and the
    /// rates are the same as if every transfer were listed.
    /// </summary>
    private Transfer Start(Bytes size, BandwidthLink[] links, double[]? weights, int[] indexes, double isolatedRate, Duration latency)
    {
        var transfer = new Transfer(_sim, this, size, links, weights, indexes, isolatedRate, latency);
        if (size.Count == 0)
        {
            transfer.Drained(_sim.Now);
            return transfer;
        }

        if (links.Length == 0)
        {
            throw new ArgumentException("A transfer of a non-zero size needs at least one link.", "path");
        }

        transfer.Running = true;
        _active++;
        bool shared = false;
        foreach (int index in indexes)
        {
            shared |= ++_occupancy[index] > 1;
        }

        if (!shared && _monitored == 0)
        {
            transfer.LooseSlot = _loose.Count;
            _loose.Add(transfer);
            transfer.RatePerTick = isolatedRate;
            transfer.Frozen = true;
            Arm(transfer, _sim.Now.Ticks);
            return transfer;
        }

        if (shared && _loose.Count > 0)
        {
            RegisterLooseOn(links);
        }

        Register(transfer);
        Reallocate(links);
        return transfer;
    }

    /// <summary>Adds a transfer to the flow lists of its links.</summary>
    private static void Register(Transfer transfer)
    {
        foreach (BandwidthLink link in transfer.PathLinks)
        {
            link.Flows.Add(transfer);
        }
    }

    /// <summary>Registers every loose transfer that crosses one of <paramref name="links"/>.</summary>
    private void RegisterLooseOn(BandwidthLink[] links)
    {
        int stamp = ++_stamp;
        foreach (BandwidthLink link in links)
        {
            link.Stamp = stamp;
        }

        for (int i = _loose.Count - 1; i >= 0; i--)
        {
            Transfer loose = _loose[i];
            foreach (BandwidthLink link in loose.PathLinks)
            {
                if (link.Stamp == stamp)
                {
                    RemoveLoose(loose);
                    Register(loose);
                    break;
                }
            }
        }
    }

    /// <summary>Takes a transfer off the loose list (swapping the last one into its place).</summary>
    private void RemoveLoose(Transfer transfer)
    {
        int slot = transfer.LooseSlot;
        int last = _loose.Count - 1;
        if (slot != last)
        {
            Transfer moved = _loose[last];
            _loose[slot] = moved;
            moved.LooseSlot = slot;
        }

        _loose.RemoveAt(last);
        transfer.LooseSlot = -1;
    }

    /// <summary>A timer entry of <paramref name="transfer"/> came due.</summary>
    internal void OnTimer(Transfer transfer)
    {
        long now = _sim.Now.Ticks;
        if (transfer.TimerAt != now)
        {
            return; // superseded by an earlier entry that already ran
        }

        transfer.TimerAt = long.MaxValue;
        Settle(transfer, now);
        if (transfer.Remaining > transfer.RatePerTick)
        {
            Arm(transfer, now);
            return;
        }

        _active--;
        int[] indexes = transfer.LinkIndexes;
        for (int i = 0; i < indexes.Length; i++)
        {
            _occupancy[indexes[i]]--;
            _carried[indexes[i]] += transfer.Size.Count * transfer.WeightAt(i);
        }

        if (transfer.LooseSlot >= 0)
        {
            // Alone on its links from start to end: nothing else to settle or move.
            RemoveLoose(transfer);
            transfer.Drained(_sim.Now);
            return;
        }

        foreach (BandwidthLink link in transfer.PathLinks)
        {
            RemoveFlow(link.Flows, transfer);
        }

        transfer.Drained(_sim.Now);
        Reallocate(transfer.PathLinks);
    }

    /// <summary>Removes a transfer from a link's list by reference, keeping the others' order.</summary>
    private static void RemoveFlow(List<Transfer> flows, Transfer transfer)
    {
        Span<Transfer> span = CollectionsMarshal.AsSpan(flows);
        for (int i = 0; i < span.Length; i++)
        {
            if (ReferenceEquals(span[i], transfer))
            {
                flows.RemoveAt(i);
                return;
            }
        }
    }

    /// <summary>
    /// Recomputes the max-min rates of every transfer connected to <paramref name="seeds"/>. The lists are walked as
    /// spans: none of them changes while it is walked, and components of a full replay are large.
    /// </summary>
    private void Reallocate(BandwidthLink[] seeds)
    {
        if (ReallocateIsolated(seeds))
        {
            return;
        }

        long now = _sim.Now.Ticks;
        int stamp = ++_stamp;
        _componentLinks.Clear();
        _componentFlows.Clear();
        foreach (BandwidthLink seed in seeds)
        {
            if (seed.Stamp != stamp)
            {
                seed.Stamp = stamp;
                _frontier.Push(seed);
            }
        }

        while (_frontier.Count > 0)
        {
            BandwidthLink link = _frontier.Pop();
            _componentLinks.Add(link);
            foreach (Transfer flow in CollectionsMarshal.AsSpan(link.Flows))
            {
                if (flow.Stamp == stamp)
                {
                    continue;
                }

                flow.Stamp = stamp;
                _componentFlows.Add(flow);
                foreach (BandwidthLink next in flow.PathLinks)
                {
                    if (next.Stamp != stamp)
                    {
                        next.Stamp = stamp;
                        _frontier.Push(next);
                    }
                }
            }
        }

        foreach (Transfer flow in CollectionsMarshal.AsSpan(_componentFlows))
        {
            Settle(flow, now);
            flow.Frozen = false;
        }

        foreach (BandwidthLink link in CollectionsMarshal.AsSpan(_componentLinks))
        {
            link.Residual = link.CapacityPerTick;
            link.Unfrozen = link.Flows.Count;
            link.UnfrozenWeight = 0;
        }

        foreach (Transfer flow in CollectionsMarshal.AsSpan(_componentFlows))
        {
            for (int i = 0; i < flow.PathLinks.Length; i++)
            {
                flow.PathLinks[i].UnfrozenWeight += flow.WeightAt(i);
            }
        }

        int unfrozen = _componentFlows.Count;
        while (unfrozen > 0)
        {
            BandwidthLink? bottleneck = null;
            double share = double.PositiveInfinity;
            foreach (BandwidthLink link in CollectionsMarshal.AsSpan(_componentLinks))
            {
                if (link.Unfrozen > 0)
                {
                    double s = link.Residual / link.UnfrozenWeight;
                    if (s < share)
                    {
                        share = s;
                        bottleneck = link;
                    }
                }
            }

            share = Math.Max(share, 0);
            foreach (Transfer flow in CollectionsMarshal.AsSpan(bottleneck!.Flows))
            {
                if (flow.Frozen)
                {
                    continue;
                }

                flow.Frozen = true;
                flow.RatePerTick = share;
                unfrozen--;
                for (int i = 0; i < flow.PathLinks.Length; i++)
                {
                    BandwidthLink l = flow.PathLinks[i];
                    double weight = flow.WeightAt(i);
                    l.Residual -= share * weight;
                    l.UnfrozenWeight -= weight;
                    l.Unfrozen--;
                }
            }
        }

        foreach (Transfer flow in CollectionsMarshal.AsSpan(_componentFlows))
        {
            Arm(flow, now);
        }

        foreach (BandwidthLink link in CollectionsMarshal.AsSpan(_componentLinks))
        {
            link.Utilization?.Update(_sim.Now, Math.Clamp(1 - (link.Residual / link.CapacityPerTick), 0, 1));
        }
    }

    /// <summary>
    /// The common case where <paramref name="seeds"/> carry no transfer, or only the one whose path they are: the
    /// component is the seeds alone, and progressive filling reduces to the path's narrowest link (the same
    /// arithmetic as the general loop, so the same rates to the bit). False, doing nothing, in any other case.
    /// </summary>
    private bool ReallocateIsolated(BandwidthLink[] seeds)
    {
        Transfer? only = null;
        foreach (BandwidthLink link in seeds)
        {
            List<Transfer> flows = link.Flows;
            if (flows.Count > 1 || (flows.Count == 1 && only is not null && !ReferenceEquals(flows[0], only)))
            {
                return false;
            }

            if (flows.Count == 1)
            {
                only = flows[0];
            }
        }

        if (only is not null && !ReferenceEquals(only.PathLinks, seeds))
        {
            return false;
        }

        long now = _sim.Now.Ticks;
        if (only is not null)
        {
            Settle(only, now);
            double share = only.IsolatedRate;
            only.RatePerTick = share;
            only.Frozen = true;
            for (int i = 0; i < seeds.Length; i++)
            {
                BandwidthLink link = seeds[i];
                link.Residual = link.CapacityPerTick - (share * only.WeightAt(i));
                link.UnfrozenWeight = 0;
                link.Unfrozen = 0;
            }

            Arm(only, now);
        }
        else
        {
            foreach (BandwidthLink link in seeds)
            {
                link.Residual = link.CapacityPerTick;
                link.UnfrozenWeight = 0;
                link.Unfrozen = 0;
            }
        }

        foreach (BandwidthLink link in seeds)
        {
            link.Utilization?.Update(_sim.Now, Math.Clamp(1 - (link.Residual / link.CapacityPerTick), 0, 1));
        }

        return true;
    }

    /// <summary>Brings a transfer's remaining bytes up to <paramref name="now"/> at its current rate.</summary>
    private static void Settle(Transfer flow, long now)
    {
        long elapsed = now - flow.LastUpdateTicks;
        if (elapsed > 0)
        {
            flow.Remaining = Math.Max(0, flow.Remaining - (flow.RatePerTick * elapsed));
            flow.LastUpdateTicks = now;
        }
    }

    /// <summary>Makes sure a live timer entry sits at or before the transfer's finish at its current rate.</summary>
    private static void Arm(Transfer flow, long now)
    {
        double ticks = Math.Ceiling(flow.Remaining / flow.RatePerTick);
        long finish = ticks >= long.MaxValue - now ? long.MaxValue : now + Math.Max(1, (long)ticks);
        if (finish < flow.TimerAt)
        {
            flow.TimerAt = finish;
            flow.ScheduleTimer(finish - now);
        }
    }
}
