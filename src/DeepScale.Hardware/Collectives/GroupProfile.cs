using System.Collections.Immutable;

using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;
using DeepScale.Hardware.Topology;

namespace DeepScale.Hardware.Collectives;

/// <summary>
/// What a group of ranks looks like on the topology: which node each rank is on, the rings NCCL would build
/// (one per channel), the hop class of every ring edge, and the rate each ring sustains when all rings run at once
/// (the smallest capacity/usage over the links the rings cross). Built once per group and cached by the model.
/// </summary>
internal sealed class GroupProfile
{
    private readonly Cluster _cluster;
    private readonly Dictionary<(int, int), Route> _routes = [];
    private readonly int _maxChannels;
    private readonly Dictionary<string, object> _memo = new(StringComparer.Ordinal);
    private UsageAccumulator? _usage;

    public GroupProfile(Cluster cluster, ImmutableArray<DeviceId> group, int? maxChannels = null, UsageAccumulator? accumulator = null)
    {
        _usage = accumulator;
        if (maxChannels is < 1)
        {
            throw new ArgumentException($"max_channels: {maxChannels} must be at least 1", nameof(maxChannels));
        }

        _maxChannels = maxChannels ?? int.MaxValue;
        _cluster = cluster;
        Group = group;
        N = group.Length;
        HashSet<int> seen = [];
        for (int i = 0; i < N; i++)
        {
            DeviceId d = group[i];
            if (d.Index < 0 || d.Index >= cluster.Graph.Vertices.Length || cluster.Graph[d].Kind != VertexKind.Accelerator)
            {
                throw new ArgumentException($"group[{i}]: {d} is not an accelerator of the cluster", nameof(group));
            }

            if (!seen.Add(d.Index))
            {
                throw new ArgumentException($"group[{i}]: {cluster.Graph[d].Name} appears twice", nameof(group));
            }
        }

        List<int> nodeOrder = [];
        Dictionary<int, List<int>> byNode = [];
        for (int r = 0; r < N; r++)
        {
            int node = cluster.NodeOf(group[r]);
            if (!byNode.TryGetValue(node, out List<int>? list))
            {
                byNode[node] = list = [];
                nodeOrder.Add(node);
            }

            list.Add(r);
        }

        RanksByNode = [.. nodeOrder.Select(n => byNode[n].ToArray())];
        Nodes = RanksByNode.Length;
        PerNode = RanksByNode.All(l => l.Length == RanksByNode[0].Length) ? RanksByNode[0].Length : -1;
        NodeSpec spec = cluster.Node;
        Generation = GenerationOf(spec.Accelerator);
        AmdHost = spec.HostCpu.Contains("EPYC", StringComparison.Ordinal);
        Blackwell = spec.Accelerator.Id.StartsWith('b') || spec.Accelerator.Id.StartsWith("gb", StringComparison.Ordinal);
        NvlinkInside = spec.Fabric is ScaleUpFabric.NvSwitch or ScaleUpFabric.HybridCubeMesh;
        Channels = ChannelCount(spec);
        Rings = BuildRings(spec);
        Route[][] ringRoutes = [.. Rings.Select(ring => RingEdges(ring).Select(e => RouteOf(e.From, e.To)).ToArray())];
        int[] usage = new int[cluster.Graph.Links.Length];
        List<int> used = [];
        foreach (Route[] ring in ringRoutes)
        {
            foreach (Route route in ring)
            {
                foreach (LinkId l in route.Links)
                {
                    if (usage[l.Index]++ == 0)
                    {
                        used.Add(l.Index);
                    }
                }
            }
        }

        double[] capacity = cluster.Graph.Capacities;
        double ringRate = double.PositiveInfinity;
        foreach (int l in used)
        {
            ringRate = Math.Min(ringRate, capacity[l] / usage[l]);
        }

        RingRate = new ByteRate(ringRate);
        RingEdgeRates = [.. ringRoutes.Select(ring => ring.Select(r => FlowRate(r, usage, capacity)).ToArray())];
        RingEdgeClasses = [.. ringRoutes.Select(ring => ring.Select(ClassOf).ToArray())];
    }

    /// <summary>Hop class of each ring edge (ring, position).</summary>
    public HopClass[][] RingEdgeClasses { get; }

    /// <summary>Computes a value once per group and key (tree shapes, phase rates), so repeated estimates stay cheap.</summary>
    public T Memo<T>(string key, Func<T> compute)
        where T : notnull
    {
        if (_memo.TryGetValue(key, out object? value))
        {
            return (T)value;
        }

        T result = compute();
        _memo[key] = result;
        return result;
    }

    /// <summary>Rate of each ring edge (ring, position) when all rings run at once; the slowest equals <see cref="RingRate"/>.</summary>
    public ByteRate[][] RingEdgeRates { get; }

    public ImmutableArray<DeviceId> Group { get; }

    /// <summary>The cluster the group lives on.</summary>
    public Cluster RouteOfCluster => _cluster;

    public int N { get; }

    public int Nodes { get; }

    /// <summary>Ranks per node when every node holds the same number, else -1.</summary>
    public int PerNode { get; }

    /// <summary>Ranks of each node, nodes in order of first appearance, ranks in group order.</summary>
    public int[][] RanksByNode { get; }

    public GpuGeneration Generation { get; }

    public bool AmdHost { get; }

    public bool Blackwell { get; }

    public bool NvlinkInside { get; }

    /// <summary>The request's cap on channels (int.MaxValue when none).</summary>
    public int MaxChannels => _maxChannels;

    /// <summary>NCCL channel count used for its per-channel bandwidth ceilings.</summary>
    public int Channels { get; }

    /// <summary>One ring per channel, as rank indices.</summary>
    public int[][] Rings { get; }

    /// <summary>Rate of one ring when all rings run at once.</summary>
    public ByteRate RingRate { get; }

    /// <summary>All rings together.</summary>
    public ByteRate RingBandwidth => RingRate * Rings.Length;

    public Route RouteOf(int a, int b)
    {
        if (!_routes.TryGetValue((a, b), out Route? r))
        {
            r = _cluster.Route(Group[a], Group[b]);
            _routes[(a, b)] = r;
        }

        return r;
    }

    /// <summary>NCCL's latency class of the hop from rank a to rank b.</summary>
    public HopClass ClassOf(int a, int b) => ClassOf(RouteOf(a, b));

    private HopClass ClassOf(Route r)
    {
        bool scaleUpOnly = true;
        foreach (LinkId l in r.Links)
        {
            LinkKind kind = _cluster.Graph[l].Kind;
            if (kind == LinkKind.Network)
            {
                return HopClass.Network;
            }

            scaleUpOnly &= kind is LinkKind.NvLink or LinkKind.DirectScaleUp or LinkKind.Ici;
        }

        return scaleUpOnly ? HopClass.NvLink : HopClass.Pcie;
    }

    /// <summary>The link usage of <paramref name="flows"/> (rank pairs, one member stream each) when all run at once.</summary>
    public FlowPattern PatternOf(IEnumerable<(int From, int To)> flows)
    {
        UsageAccumulator u = _usage ??= new UsageAccumulator(_cluster.Graph);
        u.Clear();
        foreach ((int a, int b) in flows)
        {
            u.Add(RouteOf(a, b));
        }

        FlowPattern pattern = u.ToPattern();
        u.Clear();
        return pattern;
    }

    /// <summary>Counts per link for patterns built from several parts (the model's shared accumulator).</summary>
    public UsageAccumulator Accumulator => _usage ??= new UsageAccumulator(_cluster.Graph);

    /// <summary>Rate each flow gets when all <paramref name="flows"/> run at once: min over links of capacity / flows on it.</summary>
    public ByteRate RateOf(IEnumerable<(int From, int To)> flows)
    {
        Dictionary<int, int> usage = Usage(flows);
        double rate = double.PositiveInfinity;
        foreach ((int link, int count) in usage)
        {
            rate = Math.Min(rate, _cluster.Graph.Links[link].Capacity.BytesPerSecond / count);
        }

        return new ByteRate(rate);
    }

    private Dictionary<int, int> Usage(IEnumerable<(int From, int To)> flows)
    {
        Dictionary<int, int> usage = [];
        foreach ((int a, int b) in flows)
        {
            foreach (LinkId l in RouteOf(a, b).Links)
            {
                usage[l.Index] = usage.GetValueOrDefault(l.Index) + 1;
            }
        }

        return usage;
    }

    /// <summary>Rate of one flow: min over its links of capacity / flows on the link.</summary>
    private static ByteRate FlowRate(Route route, int[] usage, double[] capacity)
    {
        double rate = double.PositiveInfinity;
        foreach (LinkId l in route.Links)
        {
            rate = Math.Min(rate, capacity[l.Index] / usage[l.Index]);
        }

        return new ByteRate(rate);
    }

    public static IEnumerable<(int From, int To)> RingEdges(int[] ring)
    {
        for (int i = 0; i < ring.Length; i++)
        {
            yield return (ring[i], ring[(i + 1) % ring.Length]);
        }
    }

    private int ChannelCount(NodeSpec spec)
    {
        int links = Math.Max(1, spec.Accelerator.ScaleUpLinks);
        int c = Nodes > 1 ? 2 * Math.Max(1, spec.NicsPerNode) : NvlinkInside ? 2 * links : 2;
        return Math.Min(32, c);
    }

    private int[][] BuildRings(NodeSpec spec)
    {
        if (N == 1)
        {
            return [[0]];
        }

        if (Nodes > 1 && PerNode > 0)
        {
            int m = PerNode;
            int k = Math.Min(_maxChannels, Math.Max(1, Math.Min(spec.NicsPerNode, m)));
            int[][] rings = new int[k][];
            for (int c = 0; c < k; c++)
            {
                List<int> order = new(N);
                for (int p = 0; p < Nodes; p++)
                {
                    int[] local = RanksByNode[p];
                    int e = (c + p) % m;
                    order.Add(local[e]);
                    for (int off = 2; off < m; off++)
                    {
                        order.Add(local[(e + off) % m]);
                    }

                    if (m > 1)
                    {
                        order.Add(local[(e + 1) % m]);
                    }
                }

                rings[c] = [.. order];
            }

            return rings;
        }

        int[] identity = [.. Enumerable.Range(0, N)];
        if (Nodes == 1 && spec.Fabric == ScaleUpFabric.HybridCubeMesh && N <= 8)
        {
            int[] best = BestDirectRing();
            return _maxChannels >= 2 ? [best, [.. best.Reverse()]] : [best];
        }

        if (Nodes == 1 && spec.Fabric == ScaleUpFabric.FullMesh && N > 2)
        {
            return [.. Enumerable.Range(1, N - 1).Where(s => Gcd(s, N) == 1).Take(_maxChannels)
                .Select(s => Enumerable.Range(0, N).Select(i => i * s % N).ToArray())];
        }

        return [identity];
    }

    /// <summary>The Hamiltonian ring over direct links with the largest bottleneck (exhaustive for up to 8 ranks).</summary>
    private int[] BestDirectRing()
    {
        int[] best = [.. Enumerable.Range(0, N)];
        double bestScore = -1;
        int[] perm = [.. Enumerable.Range(1, N - 1)];
        do
        {
            int[] ring = [0, .. perm];
            double min = double.PositiveInfinity;
            double sum = 0;
            foreach ((int a, int b) in RingEdges(ring))
            {
                Route r = RouteOf(a, b);
                double rate = r.Hops == 1 ? r.Bottleneck.BytesPerSecond : 0;
                min = Math.Min(min, rate);
                sum += rate;
            }

            double score = (min * 1e3) + (sum / 1e12);
            if (score > bestScore)
            {
                bestScore = score;
                best = ring;
            }
        }
        while (NextPermutation(perm));

        return best;
    }

    private static bool NextPermutation(int[] a)
    {
        int i = a.Length - 2;
        while (i >= 0 && a[i] >= a[i + 1])
        {
            i--;
        }

        if (i < 0)
        {
            return false;
        }

        int j = a.Length - 1;
        while (a[j] <= a[i])
        {
            j--;
        }

        (a[i], a[j]) = (a[j], a[i]);
        Array.Reverse(a, i + 1, a.Length - i - 1);
        return true;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    /// <summary>NCCL's tuning-table row: Volta (sm70), Ampere (sm80), Hopper and later (sm90+); other vendors use Ampere's.</summary>
    internal static GpuGeneration GenerationOf(AcceleratorSpec a) =>
        a.Id.StartsWith("v100", StringComparison.Ordinal) ? GpuGeneration.Volta
        : a.Id.StartsWith('h') || a.Id.StartsWith('b') || a.Id.StartsWith("gb", StringComparison.Ordinal) ? GpuGeneration.HopperOrLater
        : GpuGeneration.Ampere;
}
