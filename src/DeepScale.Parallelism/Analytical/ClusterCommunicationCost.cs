using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Collectives;
using DeepScale.Hardware.Topology;
using DeepScale.Parallelism.Layout;
using DeepScale.Parallelism.Schedules;

namespace DeepScale.Parallelism.Analytical;

/// <summary>
/// Communication times of each stage's representative rank (data replica 0, tensor rank 0) from the cluster's
/// analytical collective model, cached by group, operation and size.
/// </summary>
public sealed class ClusterCommunicationCost(CollectiveModel collectives, RankGrid grid, IReadOnlyList<DeviceId> deviceOfRank) : ICommunicationCost
{
    private readonly Dictionary<(CollectiveOp, GroupRole, int, double), Duration> _cache = [];

    public Duration Collective(CollectiveOp op, GroupRole role, int stage, Bytes size)
    {
        if (size.Count <= 0)
        {
            return Duration.Zero;
        }

        if (_cache.TryGetValue((op, role, stage, size.Count), out Duration time))
        {
            return time;
        }

        int[] members = Members(role, stage);
        time = members.Length < 2
            ? Duration.Zero
            : collectives.Estimate(new CollectiveRequest(op, [.. members.Select(r => deviceOfRank[r])], size)).Time;
        if (time > Duration.Zero && role is GroupRole.Data or GroupRole.Context && grid.Tensor > 1)
        {
            time += Duration.FromSeconds(CopiesContention(Copies(op, role, stage, size)));
        }

        _cache[(op, role, stage, size.Count)] = time;
        return time;
    }

    /// <summary>
    /// Seconds the mirror copies of a data- or context-parallel collective (one per tensor rank, all running at once,
    /// as a symmetric replay runs them) add to one copy's time where they share links, such as nodes with fewer NICs
    /// than GPUs: per phase, the bottleneck of all copies' bytes together less that of one copy's.
    /// </summary>
    private double CopiesContention(CollectiveLinkLoad[] copies)
    {
        if (copies.Length < 2)
        {
            return 0;
        }

        double extra = 0;
        for (int phase = 0; phase < copies[0].Phases.Length; phase++)
        {
            var one = new Dictionary<int, double>();
            Add(one, copies[..1], phase, null);
            var all = new Dictionary<int, double>();
            Add(all, copies, phase, null);
            extra += Math.Max(0, Bottleneck(all) - Bottleneck(one));
        }

        return extra;
    }

    public int Channels(GroupRole role, int stage) => collectives.Channels([.. Members(role, stage).Select(r => deviceOfRank[r])]);

    private int[] Members(GroupRole role, int stage)
    {
        var rep = new RankCoordinates(0, stage, 0);
        return role switch
        {
            GroupRole.Tensor => grid.TensorGroup(rep),
            GroupRole.Data => grid.DataGroup(rep),
            GroupRole.Context => grid.ContextGroup(rep),
            _ => grid.EmbeddingGroup(rep),
        };
    }

    /// <remarks>
    /// Both stages' collectives run over every mirror copy of their groups (one per tensor rank, as a symmetric
    /// replay runs them). Per phase of the algorithm the collective model chooses, the stage's copies are limited by
    /// their most loaded link; with the other stage's copies on the wire, by the most loaded of their links counting
    /// both stages' bytes, as max-min fair sharing of equal transfers started together gives. The difference of the
    /// two bottleneck times, summed over the phases, is added to the time alone.
    /// </remarks>
    public Duration CollectiveAlongside(CollectiveOp op, GroupRole role, int stage, int alongside, Bytes size)
    {
        Duration alone = Collective(op, role, stage, size);
        if (alone == Duration.Zero || alongside == stage)
        {
            return alone;
        }

        CollectiveLinkLoad[] own = Copies(op, role, stage, size);
        CollectiveLinkLoad[] other = Copies(op, role, alongside, size);
        double extra = 0;
        for (int phase = 0; phase < own[0].Phases.Length; phase++)
        {
            var mine = new Dictionary<int, double>();
            Add(mine, own, phase, null);
            var both = new Dictionary<int, double>(mine);
            Add(both, other, phase, mine);
            extra += Bottleneck(both) - Bottleneck(mine);
        }

        return alone + Duration.FromSeconds(extra);
    }

    /// <summary>Seconds the most loaded link needs for its bytes (0 for no links).</summary>
    private double Bottleneck(Dictionary<int, double> loads)
    {
        ImmutableArray<DirectedLink> links = collectives.Cluster.Graph.Links;
        double seconds = 0;
        foreach ((int link, double bytes) in loads)
        {
            seconds = Math.Max(seconds, bytes / links[link].Capacity.BytesPerSecond);
        }

        return seconds;
    }

    /// <summary>The link loads of every mirror copy of a stage's group of <paramref name="role"/>: one per tensor rank, as the replay runs a data-parallel collective.</summary>
    private CollectiveLinkLoad[] Copies(CollectiveOp op, GroupRole role, int stage, Bytes size)
    {
        var seen = new SortedSet<int>();
        var copies = new List<CollectiveLinkLoad>();
        for (int t = 0; t < grid.Tensor; t++)
        {
            var c = new RankCoordinates(0, stage, t);
            int[] members = role switch
            {
                GroupRole.Tensor => grid.TensorGroup(c),
                GroupRole.Data => grid.DataGroup(c),
                GroupRole.Context => grid.ContextGroup(c),
                _ => grid.EmbeddingGroup(c),
            };
            if (members.Length >= 2 && seen.Add(members.Min()))
            {
                copies.Add(collectives.LinkLoad(new CollectiveRequest(op, [.. members.Select(r => deviceOfRank[r])], size)));
            }
        }

        return [.. copies];
    }

    /// <summary>Adds the copies' bytes of one phase per link (only on links in <paramref name="only"/> when given).</summary>
    private static void Add(Dictionary<int, double> loads, CollectiveLinkLoad[] copies, int phase, Dictionary<int, double>? only)
    {
        foreach (CollectiveLinkLoad copy in copies)
        {
            if (phase >= copy.Phases.Length)
            {
                continue;
            }

            LinkLoadPhase p = copy.Phases[phase];
            for (int i = 0; i < p.Links.Length; i++)
            {
                int link = p.Links[i].Index;
                if (only is null || only.ContainsKey(link))
                {
                    loads[link] = loads.GetValueOrDefault(link) + p.Loads[i].Count;
                }
            }
        }
    }

    public Duration PointToPoint(int fromStage, int toStage, Bytes size)
    {
        if (size.Count <= 0 || fromStage == toStage)
        {
            return Duration.Zero;
        }

        DeviceId from = deviceOfRank[grid.RankOf(new RankCoordinates(0, fromStage, 0))];
        DeviceId to = deviceOfRank[grid.RankOf(new RankCoordinates(0, toStage, 0))];
        return collectives.Estimate(new CollectiveRequest(CollectiveOp.SendRecv, [from, to], size)).Time;
    }
}
